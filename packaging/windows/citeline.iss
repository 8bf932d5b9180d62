; Inno Setup script for the Citeline installer (UNTESTED: written without a Windows
; machine). packaging\build-windows.ps1 runs it with AppVersion and SourceDir defined.
; Installs for the current user (no administrator rights), adds a Start menu entry and
; makes .citeline files open in Citeline.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\citeline"
#endif

[Setup]
AppId=org.citeline.Citeline
AppName=Citeline
AppVersion={#AppVersion}
AppPublisher=Citeline
DefaultDirName={autopf}\Citeline
DefaultGroupName=Citeline
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=Citeline-{#AppVersion}-setup
SetupIconFile=..\icons\citeline.ico
UninstallDisplayIcon={app}\citelinew.exe
ChangesAssociations=yes
ChangesEnvironment=yes
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Citeline"; Filename: "{app}\citelinew.exe"
Name: "{autodesktop}\Citeline"; Filename: "{app}\citelinew.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked
Name: "addtopath"; Description: "Add the citeline command to PATH"; Flags: unchecked

[Registry]
; .citeline -> Citeline.Project, opened by the windowed program.
Root: HKA; Subkey: "Software\Classes\.citeline"; ValueType: string; ValueName: ""; ValueData: "Citeline.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Citeline.Project"; ValueType: string; ValueName: ""; ValueData: "Citeline project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Citeline.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\citelinew.exe,0"
Root: HKA; Subkey: "Software\Classes\Citeline.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\citelinew.exe"" ""%1"""
; The command line, for those who asked for it.
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\citelinew.exe"; Description: "Start Citeline"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Path) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;
