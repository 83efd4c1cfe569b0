// Three ways a page enters a component: files (picker or drag-and-drop), a scanner, a camera.
import { CameraOutlined, InboxOutlined, PoweroffOutlined, ReloadOutlined, ScanOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Divider, Empty, Progress, Select, Space, Tabs, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { MAX_UPLOAD_BYTES, type Job } from '../../../shared/contract/api';
import { useClient } from '../../app/context';
import { useAction, useEvent, useNotify, useQuery } from '../../app/hooks';
import { t } from '../../i18n';
import { ACCEPTED_EXTENSIONS, blobToBase64, isAcceptedFile } from '../../util/files';

export type OnJob = (jobId: string, kind: Job['kind']) => void;

const MAX_MB = Math.round(MAX_UPLOAD_BYTES / 1024 / 1024);
/** Files go to the core in batches of at most this many bytes (so one request stays reasonable). */
const BATCH_BYTES = 48 * 1024 * 1024;
const BATCH_FILES = 500;

/** Sends files to digitize.importFiles in batches; each batch becomes one core job. */
export function useImportFiles(componentId: string, onJob: OnJob) {
  const client = useClient();
  const notify = useNotify();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  const importFiles = useCallback(
    async (files: File[]) => {
      const accepted: File[] = [];
      for (const f of files) {
        if (!isAcceptedFile(f)) notify.warning(t('digitize.unsupported', { name: f.name }));
        else if (f.size > MAX_UPLOAD_BYTES) notify.warning(t('digitize.tooLarge', { name: f.name, mb: MAX_MB }));
        else accepted.push(f);
      }
      if (accepted.length === 0) return;
      setProgress({ done: 0, total: accepted.length });
      try {
        let batch: { name: string; dataBase64: string }[] = [];
        let bytes = 0;
        const flush = async () => {
          if (batch.length === 0) return;
          const { jobId } = await client.call('digitize.importFiles', { componentId, files: batch });
          onJob(jobId, 'import');
          batch = [];
          bytes = 0;
        };
        for (let i = 0; i < accepted.length; i++) {
          const f = accepted[i]!;
          if (batch.length > 0 && (bytes + f.size > BATCH_BYTES || batch.length >= BATCH_FILES)) await flush();
          batch.push({ name: f.name, dataBase64: await blobToBase64(f) });
          bytes += f.size;
          setProgress({ done: i + 1, total: accepted.length });
        }
        await flush();
        notify.success(t('digitize.queued', { n: accepted.length }));
      } catch (err) {
        notify.error(err);
      } finally {
        setProgress(null);
      }
    },
    [client, componentId, notify, onJob],
  );

  return { importFiles, progress };
}

export function FilesCapture({ componentId, onJob }: { componentId: string; onJob: OnJob }) {
  const { importFiles, progress } = useImportFiles(componentId, onJob);
  return (
    <div>
      <Upload.Dragger
        multiple
        accept={ACCEPTED_EXTENSIONS.join(',')}
        showUploadList={false}
        disabled={!!progress}
        beforeUpload={(file, list) => {
          // Called once per file with the whole batch: act on the last one.
          if (file === list[list.length - 1]) void importFiles(list as unknown as File[]);
          return Upload.LIST_IGNORE;
        }}
        data-testid="file-drop"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('digitize.dropTitle')}</p>
        <p className="ant-upload-hint">{t('digitize.dropHint', { mb: MAX_MB })}</p>
      </Upload.Dragger>
      {progress && (
        <div style={{ marginTop: 10 }} role="status">
          <Typography.Text>{t('digitize.reading', { done: progress.done, total: progress.total })}</Typography.Text>
          <Progress percent={Math.round((progress.done / Math.max(1, progress.total)) * 100)} size="small" />
        </div>
      )}
    </div>
  );
}

export function ScannerCapture({ componentId, onJob }: { componentId: string; onJob: OnJob }) {
  const client = useClient();
  const notify = useNotify();
  const devices = useQuery('capture.devices', {});
  const [deviceId, setDeviceId] = useState<string | undefined>(undefined);
  const [adf, setAdf] = useState(false);
  const { busy, run } = useAction();

  useEffect(() => {
    const list = devices.data ?? [];
    if (!deviceId && list.length > 0) setDeviceId(list[0]!.id);
  }, [devices.data, deviceId]);

  const scan = async () => {
    if (!deviceId) return;
    const res = await run(() => client.call('digitize.scan', { componentId, deviceId, adf }));
    if (res) {
      onJob(res.jobId, 'scan');
      notify.info(t('digitize.scanStarted'));
    }
  };

  const list = devices.data ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      {list.length === 0 && !devices.loading ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('digitize.noScanner')} />
      ) : (
        <Space wrap>
          <Select
            style={{ minWidth: 320 }}
            value={deviceId}
            onChange={setDeviceId}
            placeholder={t('digitize.scannerPlaceholder')}
            aria-label={t('digitize.scanner')}
            loading={devices.loading}
            options={list.map((d) => ({ value: d.id, label: `${d.name} (${d.kind.toUpperCase()})` }))}
            data-testid="scanner-select"
          />
          <Checkbox checked={adf} onChange={(e) => setAdf(e.target.checked)}>
            {t('digitize.adf')}
          </Checkbox>
          <Button type="primary" icon={<ScanOutlined />} onClick={() => void scan()} loading={busy} disabled={!deviceId}>
            {t('digitize.scan')}
          </Button>
        </Space>
      )}
      <Button icon={<ReloadOutlined />} onClick={() => void devices.reload()} size="small">
        {t('common.refresh')}
      </Button>
      <Divider style={{ margin: '4px 0' }} />
      <FolderTarget componentId={componentId} />
    </Space>
  );
}

/** Scan-to-folder scanners: route the files the watcher picks up to this component. */
function FolderTarget({ componentId }: { componentId: string }) {
  const client = useClient();
  const status = useQuery('capture.status', {}, { silent: true });
  const { busy, run } = useAction();
  const { setData } = status;
  useEvent('capture.status', (s) => setData(s));
  const s = status.data;
  if (!s) return null;
  const setTarget = async (id: string | null) => {
    const next = await run(() => client.call('capture.setTarget', { componentId: id }));
    if (next) setData(next);
  };
  const here = s.targetComponentId === componentId;
  return (
    <Card size="small" type="inner" title={t('digitize.folder.title')} data-testid="folder-target">
      {!s.watchFolder ? (
        <Typography.Text type="secondary">{t('digitize.folder.none')}</Typography.Text>
      ) : (
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          <Typography.Text>
            {t('digitize.folder.path')} <Typography.Text code>{s.watchFolder}</Typography.Text>
          </Typography.Text>
          {/* With no component chosen the folder is not watched on purpose ("waiting" below says so). */}
          {!s.watching && (s.targetComponentId || s.lastError) && <Alert type="warning" showIcon title={s.lastError ?? t('digitize.folder.notWatching')} data-testid="folder-problem" />}
          {s.watching && s.lastError && <Alert type="warning" showIcon title={s.lastError} />}
          <Typography.Text>
            {here ? t('digitize.folder.here') : s.targetComponentId ? t('digitize.folder.elsewhere') : t('digitize.folder.waiting')}{' '}
            <Tag>{t('digitize.folder.imported', { n: s.imported })}</Tag>
          </Typography.Text>
          <Space>
            {!here && (
              <Button type="primary" ghost onClick={() => void setTarget(componentId)} loading={busy}>
                {t('digitize.folder.target')}
              </Button>
            )}
            {s.targetComponentId && (
              <Button onClick={() => void setTarget(null)} loading={busy}>
                {t('digitize.folder.stop')}
              </Button>
            )}
          </Space>
        </Space>
      )}
    </Card>
  );
}

function cameraErrorText(err: unknown): string {
  const name = (err as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return t('digitize.camera.denied');
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return t('digitize.camera.notFound');
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return t('digitize.camera.busy');
  return t('digitize.camera.failed', { detail: err instanceof Error ? err.message : String(err) });
}

/** Document camera / webcam: live preview, Space or the button captures a JPEG frame. */
export function CameraCapture({ componentId, onJob }: { componentId: string; onJob: OnJob }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const [active, setActive] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState<string | undefined>(undefined);
  const [count, setCount] = useState(0);
  const [starting, setStarting] = useState(false);
  const { importFiles, progress } = useImportFiles(componentId, onJob);
  const notify = useNotify();

  const stop = useCallback(() => {
    streamRef.current?.getTracks().forEach((tr) => tr.stop());
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setActive(false);
  }, []);

  useEffect(() => stop, [stop]);

  const start = async (wanted?: string) => {
    setError(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setError(t('digitize.camera.unsupported'));
      return;
    }
    stop();
    setStarting(true);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { ...(wanted ? { deviceId: { exact: wanted } } : {}), width: { ideal: 3840 }, height: { ideal: 2160 } },
        audio: false,
      });
      streamRef.current = stream;
      if (videoRef.current) {
        videoRef.current.srcObject = stream;
        await videoRef.current.play().catch(() => undefined);
      }
      setActive(true);
      const all = await navigator.mediaDevices.enumerateDevices();
      setDevices(all.filter((d) => d.kind === 'videoinput'));
      setDeviceId(stream.getVideoTracks()[0]?.getSettings().deviceId ?? wanted);
    } catch (err) {
      setError(cameraErrorText(err));
    } finally {
      setStarting(false);
    }
  };

  const capture = useCallback(async () => {
    const video = videoRef.current;
    if (!video || !active || video.videoWidth === 0) return;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')?.drawImage(video, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
    if (!blob) return;
    const n = count + 1;
    setCount(n);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await importFiles([new File([blob], `camera-${stamp}-${String(n).padStart(3, '0')}.jpg`, { type: 'image/jpeg' })]);
    notify.info(t('digitize.camera.captured', { n }));
  }, [active, count, importFiles, notify]);

  // Space captures while the preview is on (unless typing in a field).
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement | null)?.tagName;
      if (e.code !== 'Space' || tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'BUTTON' || e.repeat) return;
      e.preventDefault();
      void capture();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, capture]);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={10}>
      {error && <Alert type="warning" showIcon title={error} data-testid="camera-error" />}
      <video ref={videoRef} className="mc-camera" muted playsInline style={{ display: active ? 'block' : 'none' }} aria-label={t('digitize.tab.camera')} />
      {!active && !error && <Typography.Text type="secondary">{t('digitize.camera.idle')}</Typography.Text>}
      <Space wrap>
        {!active ? (
          <Button icon={<CameraOutlined />} onClick={() => void start(deviceId)} loading={starting} data-testid="camera-start">
            {t('digitize.camera.start')}
          </Button>
        ) : (
          <>
            <Button type="primary" icon={<CameraOutlined />} onClick={() => void capture()} loading={!!progress}>
              {t('digitize.camera.capture')}
            </Button>
            {devices.length > 1 && (
              <Select
                style={{ minWidth: 240 }}
                value={deviceId}
                aria-label={t('digitize.camera.device')}
                onChange={(v) => {
                  setDeviceId(v);
                  void start(v);
                }}
                options={devices.map((d, i) => ({ value: d.deviceId, label: d.label || `${t('digitize.camera.device')} ${i + 1}` }))}
              />
            )}
            <Button icon={<PoweroffOutlined />} onClick={stop}>
              {t('digitize.camera.stop')}
            </Button>
          </>
        )}
      </Space>
    </Space>
  );
}

export function CapturePanel({ componentId, onJob }: { componentId: string; onJob: OnJob }) {
  const [tab, setTab] = useState('files');
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      destroyOnHidden
      items={[
        { key: 'files', label: t('digitize.tab.files'), children: <FilesCapture componentId={componentId} onJob={onJob} /> },
        { key: 'scanner', label: t('digitize.tab.scanner'), children: <ScannerCapture componentId={componentId} onJob={onJob} /> },
        { key: 'camera', label: t('digitize.tab.camera'), children: <CameraCapture componentId={componentId} onJob={onJob} /> },
      ]}
    />
  );
}
