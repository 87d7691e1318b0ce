@echo off
rem Tsunagi bridge (つなぎ 連携アプリ): started at login from the Startup folder, in a minimised window.
rem `npm run bridge -- --install-autostart` fills in the placeholders and writes this file to
rem %APPDATA%\Microsoft\Windows\Start Menu\Programs\Startup\tsunagi-bridge.cmd
rem Placeholders (in double braces): WORKDIR, ENVIRONMENT (set lines), COMMAND (the quoted command line).
chcp 65001 >nul
cd /d "{{WORKDIR}}"
{{ENVIRONMENT}}
start "Tsunagi bridge" /min {{COMMAND}}
