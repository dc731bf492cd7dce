import path from 'node:path';

/**
 * Where the screenshots the docs show are written: by the browser tests, so they never go stale.
 * A run that changes one leaves it changed in the working tree, to be committed with the change.
 */
export const DOCS_IMAGES = path.resolve(__dirname, '../../docs/images');
