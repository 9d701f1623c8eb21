import { spawn } from 'node:child_process';
export default () => spawn('echo', ['hi']);
