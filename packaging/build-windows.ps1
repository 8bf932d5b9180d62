# Build the standalone Citeline for Windows (UNTESTED: written without a Windows machine;
# docs/packaging.md says what to check on the first run).
#
#     powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1
#
# Produces dist\citeline\ (citeline.exe for the command line, citelinew.exe for the Start
# menu, sharing one _internal\ folder), dist\citeline-VERSION-windows-ARCH.zip and, when
# Inno Setup 6 (iscc.exe) is installed, dist\Citeline-VERSION-setup.exe from
# packaging\windows\citeline.iss.
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

if (-not (Get-Command uv -ErrorAction SilentlyContinue)) { throw "needs uv (see docs/packaging.md)" }

$Version = uv run --locked python -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])"
$Installed = uv run --locked python -c "import citeline; print(citeline.__version__)"
if ($Version -ne $Installed) { throw "installed metadata says $Installed, pyproject.toml $Version" }
$Arch = if ([Environment]::Is64BitOperatingSystem) { "x64" } else { "x86" }
Write-Host "Building Citeline $Version for windows-$Arch"

Remove-Item -Recurse -Force dist\citeline, build\pyinstaller -ErrorAction SilentlyContinue
uv run --locked pyinstaller --noconfirm --clean --log-level WARN `
  --distpath dist --workpath build\pyinstaller packaging\citeline.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

$env:QT_QPA_PLATFORM = "offscreen"
$Got = & dist\citeline\citeline.exe --version
Remove-Item Env:\QT_QPA_PLATFORM
if ($Got -ne "Citeline, version $Version") { throw "the bundle says '$Got', expected $Version" }

$Zip = "dist\citeline-$Version-windows-$Arch.zip"
Remove-Item $Zip -ErrorAction SilentlyContinue
Compress-Archive -Path dist\citeline -DestinationPath $Zip
Write-Host "Zip: $Zip"

$Iscc = Get-Command iscc -ErrorAction SilentlyContinue
if (-not $Iscc) { $Iscc = Get-Item "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" -ErrorAction SilentlyContinue }
if ($Iscc) {
  & $Iscc "/DAppVersion=$Version" "/DSourceDir=$Root\dist\citeline" "/O$Root\dist" packaging\windows\citeline.iss
  if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
} else {
  Write-Host "Inno Setup not found: no installer built (the zip works without one)"
}
