// Where the citizen view goes when the officer asks for it: a window on the second display when the
// Electron host has one and takes the guide, else the dialog over the officer's screen (one
// display, the browser host, or the main process refused).
import type { CitizenGuide } from '../../../shared/contract/citizen';
import type { CitizenWindowControl } from '../../../shared/contract/transport';

export async function placeCitizenView(control: CitizenWindowControl | null, guide: CitizenGuide): Promise<'window' | 'dialog'> {
  if (!control) return 'dialog';
  try {
    if ((await control.hasSecondDisplay()) && (await control.open(guide))) return 'window';
  } catch {
    // The main process refused (or is gone): the dialog still serves the citizen.
  }
  return 'dialog';
}
