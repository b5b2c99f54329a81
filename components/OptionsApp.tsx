/**
 * The options page: every setting, each saved the moment it changes (storage.local, see
 * utils/settings.ts) and confirmed in a live region, so screen-reader users hear it too.
 * Pages already open follow at once: their content scripts listen to storage changes. The
 * page speaks the language chosen here, and switches as soon as the reader chooses.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { resolveLang, translator, type Translate } from '../utils/i18n';
import { ENTITY_KINDS } from '../utils/kb/schema';
import { markDeclarations } from '../utils/page/highlights';
import { saveSettings } from './save-settings';
import { HOVER_DELAY_MAX, SETTINGS_KEY, UNDERLINE_STYLES, parseSettings, siteFromInput, type Settings, type UnderlineStyle } from '../utils/settings';

const DELAY_PRESETS = [
  ['presetQuick', 100],
  ['presetDefault', 250],
  ['presetSlow', 750],
] as const;
const LANGUAGES = [
  ['auto', 'languageAuto'],
  ['en', 'languageEn'],
  ['fr', 'languageFr'],
] as const;
const SAVED_VISIBLE_MS = 2500;

/** A mention's paint as an inline style, from the same declarations as the page's ::highlight() rules. */
function markStyle(style: UnderlineStyle, kind: string): string {
  return markDeclarations(style, kind)
    .map(([property, value]) => `${property}: ${value}`)
    .join('; ');
}

function langOf(language: Settings['language']) {
  return resolveLang(language, browser.i18n.getUILanguage());
}

export function OptionsApp() {
  const [settings, setSettings] = useState<Settings | null>(null);
  /** The slider's value while it is being dragged (saved when it is let go). */
  const [dragDelay, setDragDelay] = useState<number | null>(null);
  const [status, setStatus] = useState('');
  const statusTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    void browser.storage.local.get(SETTINGS_KEY).then((r) => setSettings(parseSettings(r[SETTINGS_KEY])));
    // The popup changes settings too (pause, this site): show what is stored.
    const onChange = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && changes[SETTINGS_KEY]) setSettings(parseSettings(changes[SETTINGS_KEY].newValue));
    };
    browser.storage.onChanged.addListener(onChange);
    return () => browser.storage.onChanged.removeListener(onChange);
  }, []);

  const lang = langOf(settings?.language ?? 'auto');
  const t = useMemo(() => translator(lang), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('options.title');
  }, [lang]);

  /** Says it in the live region; emptied first so the same words are announced again. */
  const announce = (text: string) => {
    clearTimeout(statusTimer.current);
    setStatus('');
    statusTimer.current = setTimeout(() => {
      setStatus(text);
      statusTimer.current = setTimeout(() => setStatus(''), SAVED_VISIBLE_MS);
    }, 60);
  };

  if (!settings) return null;

  const update = (patch: Partial<Settings>) => {
    setSettings({ ...settings, ...patch });
    // In the language just chosen, when that is what changed.
    const tNow = translator(langOf(patch.language ?? settings.language));
    saveSettings(patch).then(
      () => announce(tNow('options.saved')),
      (err: unknown) => announce(tNow('options.notSaved', [err instanceof Error ? err.message : String(err)])),
    );
  };

  const toggleKind = (kind: string, on: boolean) =>
    update({ hiddenKinds: on ? settings.hiddenKinds.filter((k) => k !== kind) : [...settings.hiddenKinds.filter((k) => k !== kind), kind] });

  const delay = dragDelay ?? settings.hoverDelay;
  const ms = (n: number) => t('options.delayValue', [n.toLocaleString(lang)]);

  return (
    <>
      <header class="top">
        <img src="/icon/32.png" alt="" />
        <h1>{t('options.heading')}</h1>
      </header>
      <main>
        <p class="intro">{t('options.intro')}</p>

        <section class="panel pause-panel" aria-labelledby="pause-label">
          <label class="check switch">
            <input type="checkbox" role="switch" checked={settings.paused} aria-describedby="pause-hint" onChange={(e) => update({ paused: e.currentTarget.checked })} />
            <span id="pause-label">{t('options.paused')}</span>
          </label>
          <p class="hint" id="pause-hint">
            {t('options.pausedHint')}
          </p>
        </section>

        <fieldset class="panel">
          <legend>{t('options.marks')}</legend>
          <fieldset class="group">
            <legend>{t('options.kinds')}</legend>
            <ul class="kinds">
              {ENTITY_KINDS.map((kind) => (
                <li key={kind}>
                  <label class="check">
                    <input type="checkbox" checked={!settings.hiddenKinds.includes(kind)} onChange={(e) => toggleKind(kind, e.currentTarget.checked)} />
                    {/* Each kind in its own colour and the chosen style: the list is the legend. */}
                    <span class="kind-name" style={markStyle(settings.underline, kind)}>
                      {t(`options.kind.${kind}`)}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>

          <fieldset class="group">
            <legend>{t('options.style')}</legend>
            <div class="styles">
              {UNDERLINE_STYLES.map((style) => (
                <label key={style} class="style-choice">
                  <input type="radio" name="underline" value={style} checked={settings.underline === style} onChange={() => update({ underline: style })} />
                  <span class="style-name">{t(`options.style_${style}`)}</span>
                  <span class="preview" aria-hidden="true">
                    <span style={markStyle(style, 'person')}>{t('options.previewPerson')}</span>{' '}
                    <span style={markStyle(style, 'country')}>{t('options.previewCountry')}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>

          <label class="check">
            <input type="checkbox" checked={settings.firstMentionOnly} aria-describedby="first-hint" onChange={(e) => update({ firstMentionOnly: e.currentTarget.checked })} />
            <span>{t('options.firstOnly')}</span>
          </label>
          <p class="hint" id="first-hint">
            {t('options.firstOnlyHint')}
          </p>
        </fieldset>

        <fieldset class="panel">
          <legend>{t('options.cards')}</legend>
          <label for="hover-delay">{t('options.delay')}</label>
          <div class="delay-row">
            <input
              id="hover-delay"
              type="range"
              min={0}
              max={HOVER_DELAY_MAX}
              step={50}
              value={delay}
              aria-valuetext={ms(delay)}
              onInput={(e) => setDragDelay(Number(e.currentTarget.value))}
              onChange={(e) => {
                setDragDelay(null);
                update({ hoverDelay: Number(e.currentTarget.value) });
              }}
            />
            {/* Not a live region (an output's default): the slider already announces its value. */}
            <output for="hover-delay" aria-live="off">
              {ms(delay)}
            </output>
          </div>
          <div class="presets" role="group" aria-label={t('options.presets')}>
            {DELAY_PRESETS.map(([key, value]) => (
              <button key={key} type="button" aria-pressed={settings.hoverDelay === value} onClick={() => update({ hoverDelay: value })}>
                {t(`options.${key}`)} <span class="muted">{ms(value)}</span>
              </button>
            ))}
          </div>
        </fieldset>

        <fieldset class="panel">
          <legend>{t('options.saving')}</legend>
          <label class="check">
            <input type="checkbox" checked={settings.selectionToolbar} aria-describedby="toolbar-hint" onChange={(e) => update({ selectionToolbar: e.currentTarget.checked })} />
            <span>{t('options.toolbar')}</span>
          </label>
          <p class="hint" id="toolbar-hint">
            {t('options.toolbarHint')}
          </p>
        </fieldset>

        <fieldset class="panel">
          <legend>{t('options.badgeSection')}</legend>
          <label class="check">
            <input type="checkbox" checked={settings.badge} aria-describedby="badge-hint" onChange={(e) => update({ badge: e.currentTarget.checked })} />
            <span>{t('options.badge')}</span>
          </label>
          <p class="hint" id="badge-hint">
            {t('options.badgeHint')}
          </p>
        </fieldset>

        <fieldset class="panel">
          <legend>{t('options.language')}</legend>
          <label for="language">{t('options.languageLabel')}</label>
          <select id="language" value={settings.language} onChange={(e) => update({ language: e.currentTarget.value as Settings['language'] })}>
            {LANGUAGES.map(([value, key]) => (
              <option key={value} value={value}>
                {t(`options.${key}`)}
              </option>
            ))}
          </select>
        </fieldset>

        <SiteList t={t} sites={settings.disabledSites} onChange={(disabledSites) => update({ disabledSites })} />

        <p class="privacy">{t('options.privacy')}</p>
      </main>
      <p class="saved" role="status">
        {status}
      </p>
    </>
  );
}

function SiteList({ t, sites, onChange }: { t: Translate; sites: string[]; onChange: (sites: string[]) => void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const sorted = [...sites].sort();

  const add = (e: Event) => {
    e.preventDefault();
    const r = siteFromInput(text);
    if ('problem' in r) {
      setProblem(r.problem === 'empty' ? t('options.siteEmpty') : r.problem === 'scheme' ? t('options.siteScheme') : t('options.siteInvalid', [text.trim()]));
      input.current?.focus();
      return;
    }
    if (sites.includes(r.site)) {
      setProblem(t('options.siteKnown', [r.site]));
      return;
    }
    setProblem(null);
    setText('');
    onChange([...sites, r.site]);
  };

  const remove = (site: string, at: number) => {
    onChange(sites.filter((s) => s !== site));
    // The button that had focus is gone: move to the next one (or the field), not the page's start.
    requestAnimationFrame(() => {
      const buttons = list.current?.querySelectorAll('button');
      const next = buttons?.length ? buttons[Math.min(at, buttons.length - 1)] : input.current;
      next?.focus();
    });
  };

  return (
    <fieldset class="panel">
      <legend>{t('options.sites')}</legend>
      {sorted.length ? (
        <ul class="sites" ref={list} aria-label={t('options.sites')}>
          {sorted.map((site, i) => (
            <li key={site}>
              <span class="site">{site}</span>
              <button type="button" aria-label={t('options.removeSite', [site])} onClick={() => remove(site, i)}>
                {t('options.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('options.sitesNone')}</p>
      )}
      <form class="add-site" onSubmit={add} noValidate>
        <label for="add-site">{t('options.addSite')}</label>
        <div class="add-row">
          <input
            id="add-site"
            ref={input}
            type="text"
            inputMode="url"
            autocomplete="off"
            spellcheck={false}
            value={text}
            aria-invalid={problem !== null}
            aria-describedby={problem ? 'add-site-hint add-site-problem' : 'add-site-hint'}
            onInput={(e) => {
              setText(e.currentTarget.value);
              if (problem) setProblem(null);
            }}
          />
          <button type="submit">{t('options.add')}</button>
        </div>
        <p class="hint" id="add-site-hint">
          {t('options.addSiteHint')}
        </p>
        {problem && (
          <p class="error" id="add-site-problem" role="alert">
            {problem}
          </p>
        )}
      </form>
    </fieldset>
  );
}
