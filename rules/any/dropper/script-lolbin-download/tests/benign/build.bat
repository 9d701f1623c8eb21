@echo off
rem builds the native addon on Windows
call node-gyp rebuild --release
if errorlevel 1 exit /b 1
certutil -hashfile build\Release\addon.node SHA256
