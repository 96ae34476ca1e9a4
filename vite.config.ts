import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web UI lives in src/web and is served by the API server from dist/web.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
