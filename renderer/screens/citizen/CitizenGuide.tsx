// The online guide as the citizen sees it: large type, the steps and the portal page as a QR code.
// Shown in the dialog over the officer's screen (one display, browser host) and, on a desk with a
// second display, as the whole of the citizen window (CitizenScreen.tsx). Only the pushed guide's
// text is rendered, as text.
import QRCode from 'qrcode';
import { useEffect, useState, type ReactNode } from 'react';
import type { CitizenGuide } from '../../../shared/contract/citizen';
import { t } from '../../i18n';

export function useQrDataUrl(text: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    if (!text) setUrl(null);
    else void QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 360 }).then((u) => live && setUrl(u), () => live && setUrl(null));
    return () => {
      live = false;
    };
  }, [text]);
  return url;
}

export function CitizenGuideView({ guide, children }: { guide: CitizenGuide; children?: ReactNode }) {
  const qr = useQrDataUrl(guide.link);
  return (
    <div className="mc-citizen-view" data-testid="citizen-view">
      <h1>{t('guide.citizenTitle')}</h1>
      <h2 data-testid="citizen-procedure">{guide.procedureName}</h2>
      <div className="mc-citizen-row">
        <div className="mc-citizen-steps">
          <ol>
            {guide.steps.map((s, i) => (
              <li key={`${i}-${s.title}`}>
                <strong>{s.title}</strong>
                <div className="mc-citizen-hint">{s.description}</div>
              </li>
            ))}
          </ol>
        </div>
        <div className="mc-citizen-qr">
          {qr ? <img src={qr} alt={t('guide.qrAlt')} width={300} height={300} data-testid="citizen-qr" data-link={guide.link ?? ''} /> : null}
          {guide.link && <div className="mc-citizen-hint">{t('guide.scanHint')}</div>}
          {guide.link && <div className="mc-citizen-link">{guide.link}</div>}
        </div>
      </div>
      {children}
    </div>
  );
}
