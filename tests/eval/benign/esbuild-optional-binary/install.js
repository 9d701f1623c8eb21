'use strict';
// Checks that the platform-specific binary package was installed and works.
const fs = require('fs');
const os = require('os');
const path = require('path');
const child_process = require('child_process');

const versionFromPackageJSON = require(path.join(__dirname, 'package.json')).version;
const knownPackages = {
  'darwin arm64 LE': '@fastbundle/darwin-arm64',
  'darwin x64 LE': '@fastbundle/darwin-x64',
  'linux arm64 LE': '@fastbundle/linux-arm64',
  'linux x64 LE': '@fastbundle/linux-x64',
  'win32 x64 LE': '@fastbundle/win32-x64',
};

function pkgAndSubpathForCurrentPlatform() {
  const platformKey = `${process.platform} ${os.arch()} ${os.endianness()}`;
  const pkg = knownPackages[platformKey];
  if (!pkg) throw new Error(`Unsupported platform: ${platformKey}`);
  const subpath = process.platform === 'win32' ? 'fastbundle.exe' : 'bin/fastbundle';
  return { pkg, subpath };
}

function validateBinaryVersion(...command) {
  command.push('--version');
  const stdout = child_process.execFileSync(command.shift(), command, {
    stdio: 'pipe',
  }).toString().trim();
  if (stdout !== versionFromPackageJSON) {
    throw new Error(`Expected ${JSON.stringify(versionFromPackageJSON)} but got ${JSON.stringify(stdout)}`);
  }
}

function checkAndPreparePackage() {
  const { pkg, subpath } = pkgAndSubpathForCurrentPlatform();
  let binPath;
  try {
    binPath = require.resolve(`${pkg}/${subpath}`);
  } catch (e) {
    console.error(`[fastbundle] Failed to find package "${pkg}" on the file system.
This can happen if you use the "--no-optional" flag. The "optionalDependencies"
package.json feature is used by fastbundle to install the correct binary executable
for your current platform.`);
    throw e;
  }
  return binPath;
}

const binPath = checkAndPreparePackage();
if (fs.existsSync(binPath)) validateBinaryVersion(binPath);
