import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDefaultClient } from './api/client';
import { Root } from './app/App';
import { registerFonts } from './styles/fonts';
import './styles/global.css';

registerFonts();

// Electron's bridge, or the browser host over HTTP. For UI work with `vite`, run a browser host on a
// scratch data folder and point the dev server at it (MOTCUA_DEV_HOST, see vite.config.mts): the
// screens then talk to the real core, not to a copy of it that drifts.
const client = createDefaultClient();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root client={client} />
  </StrictMode>,
);
