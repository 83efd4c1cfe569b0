import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDefaultClient } from './api/client';
import { CITIZEN_ROUTE } from '../shared/contract/transport';
import { Root } from './app/App';
import { CitizenScreen, citizenBridge } from './screens/citizen/CitizenScreen';
import { registerFonts } from './styles/fonts';
import './styles/global.css';

registerFonts();

// Electron's bridge, or the browser host over HTTP. For UI work with `vite`, run a browser host on a
// scratch data folder and point the dev server at it (MOTCUA_DEV_HOST, see vite.config.mts): the
// screens then talk to the real core, not to a copy of it that drifts.
// The citizen window (second display) is its own small page: no client, no session, only the
// guide it is pushed. Its preload is the only one exposing `motcuaCitizen`, so that decides first.
const root = createRoot(document.getElementById('root')!);
const citizen = citizenBridge();
if (citizen || window.location.hash === CITIZEN_ROUTE) {
  root.render(
    <StrictMode>
      <CitizenScreen bridge={citizen} />
    </StrictMode>,
  );
} else {
  const client = createDefaultClient();
  root.render(
    <StrictMode>
      <Root client={client} />
    </StrictMode>,
  );
}
