// Tracks long-running core jobs (import, scan, OCR, PDF) from `job.progress` events, with a slow
// jobs.get poll as a safety net when the live link drops an event.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Job } from '../../../shared/contract/api';
import { useClient } from '../../app/context';
import { useEvent } from '../../app/hooks';

export interface TrackedJob extends Job {
  /** The component the job was started for (unknown for jobs the core started by itself). */
  componentId: string | null;
  finishedAt: number | null;
}

const POLL_MS = 1500;
const KEEP_DONE_MS = 6000;

export function useJobs(onFinished: (job: TrackedJob) => void) {
  const client = useClient();
  const [jobs, setJobs] = useState<Record<string, TrackedJob>>({});
  const finishedRef = useRef(onFinished);
  useEffect(() => {
    finishedRef.current = onFinished;
  });
  const announced = useRef(new Set<string>());

  const apply = useCallback((job: Job, componentId?: string | null) => {
    setJobs((all) => {
      const prev = all[job.id];
      const ended = job.state === 'done' || job.state === 'failed';
      const next: TrackedJob = {
        ...job,
        componentId: componentId ?? prev?.componentId ?? null,
        finishedAt: ended ? (prev?.finishedAt ?? Date.now()) : null,
      };
      return { ...all, [job.id]: next };
    });
  }, []);

  // Announce each finished job once, outside the state updater.
  useEffect(() => {
    for (const job of Object.values(jobs)) {
      if (job.finishedAt && !announced.current.has(job.id)) {
        announced.current.add(job.id);
        finishedRef.current(job);
      }
    }
  }, [jobs]);

  useEvent('job.progress', (job) => apply(job));

  /** Registers a job the screen just started. */
  const track = useCallback(
    (jobId: string, kind: Job['kind'], componentId: string) => {
      apply({ id: jobId, kind, state: 'queued', done: 0, total: 0, message: '', errors: [] }, componentId);
    },
    [apply],
  );

  // Poll unfinished jobs (cheap; covers missed events) and drop finished ones after a while.
  useEffect(() => {
    const id = window.setInterval(() => {
      const now = Date.now();
      for (const job of Object.values(jobs)) {
        if (!job.finishedAt) {
          client.call('jobs.get', { jobId: job.id }).then(
            (j) => apply(j),
            () => undefined,
          );
        }
      }
      setJobs((all) => {
        let changed = false;
        const next: Record<string, TrackedJob> = {};
        for (const [k, j] of Object.entries(all)) {
          const keep = !j.finishedAt || j.state === 'failed' || j.errors.length > 0 || now - j.finishedAt < KEEP_DONE_MS;
          if (keep) next[k] = j;
          else changed = true;
        }
        return changed ? next : all;
      });
    }, POLL_MS);
    return () => window.clearInterval(id);
  }, [jobs, client, apply]);

  const dismiss = useCallback((jobId: string) => {
    setJobs((all) => {
      const next = { ...all };
      delete next[jobId];
      return next;
    });
  }, []);

  return { jobs: Object.values(jobs), track, dismiss };
}
