/**
 * User settings, kept in `storage.local` (never synced: nothing leaves the machine).
 * Whatever is stored is validated on read; anything unreadable falls back to defaults.
 */
import * as v from 'valibot';

export const SettingsSchema = v.object({
  /** Paused everywhere. */
  paused: v.optional(v.boolean(), false),
  /** Sites (host names without "www.") where Dossier is off. */
  disabledSites: v.optional(v.array(v.pipe(v.string(), v.maxLength(253))), []),
  /** Hover delay before a card opens, in ms. */
  hoverDelay: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(2000)), 250),
  /** UI and card language: "auto" follows the browser. */
  language: v.optional(v.picklist(['auto', 'en', 'fr']), 'auto'),
});
export type Settings = v.InferOutput<typeof SettingsSchema>;

export const SETTINGS_KEY = 'settings';

export function parseSettings(raw: unknown): Settings {
  const r = v.safeParse(SettingsSchema, raw ?? {});
  return r.success ? r.output : v.parse(SettingsSchema, {});
}

/** The key a site is switched off under: its host name, without "www.". */
export function siteOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

export function activeOn(settings: Settings, site: string): boolean {
  return !settings.paused && !settings.disabledSites.includes(site);
}
