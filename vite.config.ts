import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web UI lives in src/web and is served by the API server from dist/web.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: false,
    // Libraries in a chunk of their own: both load at once, but a release that changes only the
    // console's code leaves the larger one cached (and no chunk passes Vite's 500 kB warning).
    rollupOptions: { output: { manualChunks: (id) => (id.includes('/node_modules/') ? 'vendor' : undefined) } },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
