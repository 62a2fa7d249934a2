// The import thread runs the TypeScript sources as the main thread does (bin/mathaf.js): through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./import.worker.ts');
