; Prevent Self-Assessment: the per-user Windows installer.
;
; Built on Linux by `cargo xtask windows` with Debian's makensis (Tauri's own
; NSIS bundler downloads a plugin at build time; this needs nothing from the
; network). It installs for the person running it, without an administrator
; prompt, into %LOCALAPPDATA%\Programs\Prevent Self-Assessment:
;   - the app, WebView2Loader.dll beside it, and the command-line tool
;     prevent-sa.exe;
;   - a Start-menu shortcut, an uninstaller, and an Add/Remove Programs entry
;     under HKCU.
; It never downloads anything. If the Microsoft Edge WebView2 Runtime (which
; draws the app's window) is missing, it says so and what IT needs to
; install, and installs nothing. `/S` installs silently (exit code 0 when
; installed, 2 when it was not); the uninstaller takes `/S` too.
;
; The people's data (%LOCALAPPDATA%\uk.nhs.prevent-self-assessment: the
; database, its backups and the signing key) is not the installer's: neither
; installing nor uninstalling touches it.
;
; xtask passes: VERSION (0.1.0), VERSION4 (0.1.0.0), STAGE (a folder holding
; the three files), ICON (the .ico) and OUTFILE.

!ifndef VERSION | VERSION4 | STAGE | ICON | OUTFILE
  !error "Build with cargo xtask windows, which defines VERSION, VERSION4, STAGE, ICON and OUTFILE"
!endif

; A 64-bit installer, as the app is 64-bit only: on 32-bit Windows it does
; not start at all. (It also runs under wine64, which is how it is tested.)
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!define PRODUCT "Prevent Self-Assessment"
!define APP_EXE "prevent-self-assessment.exe"
!define CLI_EXE "prevent-sa.exe"
!define UNINSTALLER "Uninstall Prevent Self-Assessment.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\uk.nhs.prevent-self-assessment"
; The WebView2 Runtime's client id (Microsoft's documented way to find it).
!define WEBVIEW2_CLIENT "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
; Installing again (a newer version) goes where the last one went.
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} ${VERSION} installer (for the current user)"
VIAddVersionKey /LANG=1033 "LegalCopyright" "MIT licence"

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING

!define MUI_WELCOMEPAGE_TEXT "This installs ${PRODUCT} ${VERSION} for you only, in your own programs folder. It does not need an administrator.$\r$\n$\r$\nYour assessments stay on this computer, in your own app-data folder."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${PRODUCT} now"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "This removes ${PRODUCT} from this computer. Your assessments, their backups and your signing key are kept, in %LOCALAPPDATA%\uk.nhs.prevent-self-assessment."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

; "pv" of the runtime's client key, per machine or per user; empty or
; 0.0.0.0 when it is not installed.
Function WebView2Version
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
FunctionEnd

Function .onInit
  SetShellVarContext current
  Call WebView2Version
  ${If} $0 == ""
    MessageBox MB_OK|MB_ICONSTOP "${PRODUCT} cannot be installed yet: this computer does not have the Microsoft Edge WebView2 Runtime, which the app uses to draw its window. Nothing has been installed.$\r$\n$\r$\nAsk your IT service desk to install the Microsoft Edge WebView2 Runtime (Evergreen) from Microsoft, then run this installer again. Most Windows 10 and 11 computers already have it." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
FunctionEnd

; The app cannot be replaced while it is open: ask for it to be closed.
Function CloseAppFirst
  retry:
  ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
    ClearErrors
    FileOpen $1 "$INSTDIR\${APP_EXE}" a
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${PRODUCT} is open. Close it, then choose Retry." /SD IDCANCEL IDRETRY retry
      SetErrorLevel 2
      Quit
    ${EndIf}
    FileClose $1
  ${EndIf}
FunctionEnd

Section "${PRODUCT}" MainSection
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  Call CloseAppFirst
  File "${STAGE}\${APP_EXE}"
  File "${STAGE}\WebView2Loader.dll"
  File "${STAGE}\${CLI_EXE}"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  SectionGetSize ${MainSection} $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  ; Only if empty: anything else someone put there stays.
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
