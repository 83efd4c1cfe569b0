// Đọc CCCD at Tiếp nhận: the citizen card's QR read from an image file (scan, photo), from the
// document camera (frames decoded continuously, a beep when read) or typed by a keyboard-mode 2D
// scanner into the scan field (Enter ends the line). A card read is handed to `onCard`; a card that
// fails a check, another QR or mangled scanner input is shown with its reason and never filled in.
// An image with no readable QR (a damaged card, an old CMND) can be read by OCR of the card's front
// instead: every value found is handed to `onFront`, to be checked by the officer.
import { CameraOutlined, IdcardOutlined } from '@ant-design/icons';
import type { InputRef } from 'antd';
import { Alert, Button, Input, Modal, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { CardFrontReadResult, CardReadResult, CitizenCardView } from '../../../shared/contract/api';
import { useClient } from '../../app/context';
import { useAction } from '../../app/hooks';
import { t } from '../../i18n';
import { blobToBase64 } from '../../util/files';

type FrontFields = Extract<CardFrontReadResult, { ok: true }>['fields'];
type Outcome =
  | { ok: true; card: CitizenCardView }
  | { ok: false; message: string; mangled: boolean; noQr?: boolean }
  | { ok: 'ocr'; fields: FrontFields }
  | { ok: 'ocr-failed'; message: string }
  | null;

function beep(): void {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = 1200;
    osc.connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.12);
    osc.onended = () => void ctx.close();
  } catch {
    // No audio device: the message on screen is enough.
  }
}

/** The document camera: frames sent to idcard.read until one holds a card (then a beep). */
function CameraRead({ open, onClose, onResult }: { open: boolean; onClose(): void; onResult(r: CardReadResult): void }) {
  const client = useClient();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    const loop = async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setError(t('card.noCamera'));
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1920 }, height: { ideal: 1080 } } });
      } catch {
        setError(t('card.noCamera'));
        return;
      }
      const v = video.current!;
      v.srcObject = stream;
      await v.play().catch(() => undefined);
      const canvas = document.createElement('canvas');
      while (!stopped) {
        if (v.videoWidth > 0) {
          canvas.width = v.videoWidth;
          canvas.height = v.videoHeight;
          canvas.getContext('2d')!.drawImage(v, 0, 0);
          const blob = await new Promise<Blob | null>((res) => canvas.toBlob(res, 'image/jpeg', 0.9));
          if (blob && !stopped) {
            const r = await client.call('idcard.read', { file: { name: 'camera.jpg', dataBase64: await blobToBase64(blob) } }).catch(() => null);
            // Frames without a QR are expected while the card is being placed: keep looking.
            if (r && !stopped && (r.ok || r.error === 'invalid' || r.error === 'not-card')) {
              if (r.ok) beep();
              onResult(r);
              return;
            }
          }
        }
        await new Promise((res) => setTimeout(res, 150));
      }
    };
    void loop();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [open, client, onResult]);
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('card.cameraTitle')} destroyOnHidden width={720}>
      {error ? <Alert type="warning" showIcon title={error} /> : <video ref={video} muted playsInline style={{ width: '100%', background: '#000' }} data-testid="card-camera" />}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('card.cameraHint')}
      </Typography.Paragraph>
    </Modal>
  );
}

const FRONT_ORDER = ['id', 'name', 'dob', 'sex', 'nationality', 'origin', 'address', 'expiry'] as const;

function frontValue(f: (typeof FRONT_ORDER)[number], v: string): string {
  return (f === 'dob' || f === 'expiry') && /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v.slice(8)}/${v.slice(5, 7)}/${v.slice(0, 4)}` : v;
}

export function CardReader({ onCard, onFront, onConfirmFront }: { onCard(card: CitizenCardView): void; onFront?(fields: FrontFields): void; onConfirmFront?(): void }) {
  const client = useClient();
  const { run, busy } = useAction();
  const fileInput = useRef<HTMLInputElement>(null);
  const scanInput = useRef<InputRef>(null);
  const [scan, setScan] = useState('');
  const [camera, setCamera] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  // The last image whose QR was not found, kept for the OCR fallback (only in memory, until the next read).
  const lastImage = useRef<{ name: string; dataBase64: string } | null>(null);

  const show = (r: CardReadResult) => {
    if (r.ok) {
      setOutcome({ ok: true, card: r.card });
      onCard(r.card);
    } else setOutcome({ ok: false, message: r.message, mangled: r.error === 'mangled', noQr: r.error === 'no-qr' && lastImage.current !== null });
  };
  const readFile = async (file: File) => {
    const image = { name: file.name, dataBase64: await blobToBase64(file) };
    const r = await run(async () => client.call('idcard.read', { file: image }));
    lastImage.current = r && !r.ok && r.error === 'no-qr' ? image : null;
    if (r) show(r);
  };
  const readFront = async () => {
    const image = lastImage.current;
    if (!image) return;
    const r = await run(() => client.call('idcard.readFront', { file: image }));
    if (!r) return;
    lastImage.current = null;
    if (r.ok) {
      setOutcome({ ok: 'ocr', fields: r.fields });
      onFront?.(r.fields);
    } else setOutcome({ ok: 'ocr-failed', message: r.message });
  };
  const parseLine = async (text: string) => {
    if (!text.trim()) return;
    lastImage.current = null;
    const r = await run(() => client.call('idcard.parse', { text }));
    // The scanned line holds personal data: it does not stay in the field.
    setScan('');
    if (r) show(r);
  };

  return (
    <div style={{ marginBottom: 16 }} data-testid="card-reader">
      <Space wrap style={{ display: 'flex' }}>
        <Button icon={<IdcardOutlined />} loading={busy} onClick={() => fileInput.current?.click()} data-testid="card-read">
          {t('card.read')}
        </Button>
        <Button icon={<CameraOutlined />} onClick={() => setCamera(true)} data-testid="card-camera-open">
          {t('card.camera')}
        </Button>
        <Input
          ref={scanInput}
          value={scan}
          onChange={(e) => setScan(e.target.value)}
          onPressEnter={(e) => {
            // The scanner ends its line with Enter: read it, do not submit the dossier.
            e.preventDefault();
            void parseLine(scan);
          }}
          placeholder={t('card.scanPlaceholder')}
          aria-label={t('card.scanPlaceholder')}
          autoComplete="off"
          spellCheck={false}
          style={{ minWidth: 280, flex: 1 }}
          data-testid="card-scan"
        />
      </Space>
      <input
        ref={fileInput}
        type="file"
        accept="image/jpeg,image/png,image/tiff,application/pdf,.jpg,.jpeg,.png,.tif,.tiff,.pdf"
        style={{ display: 'none' }}
        data-testid="card-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void readFile(f);
        }}
      />
      {outcome?.ok === true && <Alert type="success" showIcon style={{ marginTop: 8 }} data-testid="card-filled" title={t('card.filled')} />}
      {outcome?.ok === false && (
        <Alert
          type={outcome.mangled ? 'warning' : 'error'}
          showIcon
          style={{ marginTop: 8 }}
          data-testid="card-problem"
          title={outcome.mangled ? t('card.mangled') : t('card.notRead')}
          description={outcome.message}
          action={
            outcome.noQr && onFront ? (
              <Button size="small" loading={busy} onClick={() => void readFront()} data-testid="card-ocr">
                {t('card.ocr')}
              </Button>
            ) : undefined
          }
        />
      )}
      {outcome?.ok === 'ocr' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="card-ocr-result"
          title={t('card.ocrFilled')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {FRONT_ORDER.filter((f) => outcome.fields[f]).map((f) => (
                <li key={f} data-testid={`card-ocr-${f}`}>
                  {t(`card.front.${f}`)}: <b>{frontValue(f, outcome.fields[f]!.value)}</b> <Typography.Text type="warning">({t('card.toCheck')})</Typography.Text>
                  {outcome.fields[f]!.problem && (
                    <Typography.Text type="danger" data-testid={`card-ocr-problem-${f}`}>
                      {' '}
                      — {outcome.fields[f]!.problem}
                    </Typography.Text>
                  )}
                </li>
              ))}
            </ul>
          }
          action={
            onConfirmFront ? (
              <Button
                size="small"
                onClick={() => {
                  onConfirmFront();
                  setOutcome(null);
                }}
                data-testid="card-ocr-confirm"
              >
                {t('card.ocrConfirm')}
              </Button>
            ) : undefined
          }
        />
      )}
      {outcome?.ok === 'ocr-failed' && <Alert type="error" showIcon style={{ marginTop: 8 }} data-testid="card-problem" title={t('card.notRead')} description={outcome.message} />}
      <CameraRead
        open={camera}
        onClose={() => setCamera(false)}
        onResult={(r) => {
          setCamera(false);
          show(r);
        }}
      />
    </div>
  );
}
