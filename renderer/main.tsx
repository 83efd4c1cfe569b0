import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDefaultClient, type ApiClient } from './api/client';
import { Root } from './app/App';
import { registerFonts } from './styles/fonts';
import './styles/global.css';

registerFonts();

async function makeClient(): Promise<ApiClient> {
  // Development only: `vite` + http://127.0.0.1:5173/?mock=1 runs the UI against an in-memory core.
  if (import.meta.env.DEV && new URLSearchParams(window.location.search).has('mock')) {
    const { createMockClient } = await import('./api/mock');
    return createMockClient();
  }
  return createDefaultClient();
}

void makeClient().then((client) => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Root client={client} />
    </StrictMode>,
  );
});
