import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// No React plugin: Vite's own transform (Oxc) compiles JSX; we do not need fast refresh for builds.
export default defineConfig({
  root: here,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.join(here, 'dist'), emptyOutDir: true, chunkSizeWarningLimit: 2500, reportCompressedSize: false,
    rolldownOptions: {
      // antd marks modules "use client" (for React Server Components); meaningless in a client bundle
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/healthz': 'http://localhost:3000' } },
});
