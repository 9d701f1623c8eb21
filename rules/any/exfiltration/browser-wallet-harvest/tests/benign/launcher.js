// like puppeteer / chrome-launcher: pick a user-data dir and start the browser;
// nothing inside the profile is read
const fs = require('fs');
const os = require('os');
const path = require('path');

function defaultProfileDir() {
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.LOCALAPPDATA || '', 'Google', 'Chrome', 'User Data');
    case 'darwin':
      return path.join(os.homedir(), 'Library', 'Application Support', 'Google', 'Chrome');
    default:
      return path.join(os.homedir(), '.config', 'google-chrome');
  }
}

function tempProfile() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'puppeteer_dev_chrome_profile-'));
}

function readPrefs(dir) {
  const prefs = path.join(dir, 'Default', 'Preferences');
  return fs.existsSync(prefs) ? JSON.parse(fs.readFileSync(prefs, 'utf8')) : {};
}
module.exports = { defaultProfileDir, tempProfile, readPrefs };
