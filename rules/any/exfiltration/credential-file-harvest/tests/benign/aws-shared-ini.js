// like @aws-sdk/shared-ini-file-loader: one tool reads its own config files
'use strict';
const { readFile } = require('fs/promises');
const { homedir } = require('os');
const { join } = require('path');

const ENV_CREDENTIALS_PATH = 'AWS_SHARED_CREDENTIALS_FILE';
const ENV_CONFIG_PATH = 'AWS_CONFIG_FILE';

const getCredentialsFilepath = () =>
  process.env[ENV_CREDENTIALS_PATH] || join(homedir(), '.aws', 'credentials');
const getConfigFilepath = () =>
  process.env[ENV_CONFIG_PATH] || join(homedir(), '.aws', 'config');

async function loadSharedConfigFiles() {
  const [configFile, credentialsFile] = await Promise.all([
    readFile(getConfigFilepath(), 'utf8').catch(() => ''),
    readFile(getCredentialsFilepath(), 'utf8').catch(() => ''),
  ]);
  return { configFile, credentialsFile };
}
module.exports = { loadSharedConfigFiles };
