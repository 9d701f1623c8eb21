// DEFANGED TEST FIXTURE for pkgward (commander-js 2.19.84 shape): start update.js in the background. Never run.
(function(){ require('child_process').spawn('BUILD_ID=.temp-build nohup node update.js >/dev/null 2>&1 &', { stdio: 'inherit', shell: true }); })();
