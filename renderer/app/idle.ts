// The desk's idle lock, on the screen's side: the officer's own input (keys, mouse, touch) is
// activity; background refreshes are not. After `minutes` without it the screen locks. While the
// officer works, the core is told at most every 30 s, so its own idle check (which also locks the
// signing key when nobody calls at all) agrees with the screen.
import { useEffect, useRef } from 'react';

const EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'pointerdown'] as const;
const REPORT_EVERY_MS = 30_000;
const CHECK_EVERY_MS = 5_000;

export function useIdleLock(opts: { active: boolean; minutes: number; onIdle(): void; onActivity(): void }) {
  const ref = useRef(opts);
  useEffect(() => {
    ref.current = opts;
  });
  const { active, minutes } = opts;
  useEffect(() => {
    if (!active || minutes <= 0) return;
    let last = Date.now();
    let reported = 0;
    const onInput = () => {
      last = Date.now();
      if (last - reported >= REPORT_EVERY_MS) {
        reported = last;
        ref.current.onActivity();
      }
    };
    for (const e of EVENTS) window.addEventListener(e, onInput, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last >= minutes * 60_000) ref.current.onIdle();
    }, CHECK_EVERY_MS);
    return () => {
      for (const e of EVENTS) window.removeEventListener(e, onInput, { capture: true });
      window.clearInterval(timer);
    };
  }, [active, minutes]);
}
