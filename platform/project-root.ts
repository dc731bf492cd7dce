import path from 'node:path';

/**
 * The folder holding views/, public/ and node_modules/. Sources run from app/ (via tsx in tests),
 * compiled code from dist/app/, so the answer depends on where this file sits.
 */
export const projectRoot = path.resolve(__dirname, __dirname.split(path.sep).includes('dist') ? '../..' : '..');
