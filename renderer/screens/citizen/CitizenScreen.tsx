// The citizen window (Electron, second display; route #/citizen): the whole page is the guide the
// officer's window pushed, in large type, or a plain welcome while there is none. No API client,
// no session, no menu: this page only receives (window.motcuaCitizen, citizen-preload.ts), and
// drops anything that is not a guide by the contract.
import { useEffect, useState } from 'react';
import { parseCitizenGuide, type CitizenGuide } from '../../../shared/contract/citizen';
import type { CitizenBridge } from '../../../shared/contract/transport';
import { t } from '../../i18n';
import { CitizenGuideView } from './CitizenGuide';

declare global {
  interface Window {
    motcuaCitizen?: CitizenBridge;
  }
}

export function citizenBridge(): CitizenBridge | null {
  const bridge = typeof window === 'undefined' ? undefined : window.motcuaCitizen;
  return bridge && typeof bridge.onGuide === 'function' ? bridge : null;
}

export function CitizenScreen({ bridge }: { bridge: CitizenBridge | null }) {
  const [guide, setGuide] = useState<CitizenGuide | null>(null);
  useEffect(() => {
    if (!bridge) return;
    return bridge.onGuide((raw) => setGuide(raw === null ? null : parseCitizenGuide(raw)));
  }, [bridge]);
  useEffect(() => {
    document.title = t('citizen.windowTitle');
  }, []);
  return (
    <main className="mc-citizen-screen" data-testid="citizen-screen">
      {guide ? (
        <CitizenGuideView guide={guide} />
      ) : (
        <div className="mc-citizen-idle" data-testid="citizen-idle">
          {t('citizen.welcome')}
        </div>
      )}
    </main>
  );
}
