import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { formattingLocale, isLanguage, languageFrom, translator, type Language, type Translate } from '../i18n';

const LANGUAGE_KEY = 'mosaic.language';
const DISCREET_KEY = 'mosaic.discreet';

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // storage may be unavailable (private mode); the choice then lasts for this page only
  }
}

export interface Preferences {
  readonly language: Language;
  readonly setLanguage: (language: Language) => void;
  readonly discreet: boolean;
  readonly setDiscreet: (discreet: boolean) => void;
  readonly t: Translate;
  /** Locale for figures and dates (the language in the brand's region). */
  readonly locale: string;
}

const PreferencesContext = createContext<Preferences | null>(null);

export function initialLanguage(): Language {
  const saved = stored(LANGUAGE_KEY);
  if (isLanguage(saved)) {
    return saved;
  }
  return languageFrom(typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]);
}

export function PreferencesProvider(props: { readonly brandLocale: string; readonly children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const [discreet, setDiscreetState] = useState<boolean>(() => stored(DISCREET_KEY) === 'true');

  const setLanguage = useCallback((next: Language) => {
    store(LANGUAGE_KEY, next);
    setLanguageState(next);
  }, []);
  const setDiscreet = useCallback((next: boolean) => {
    store(DISCREET_KEY, String(next));
    setDiscreetState(next);
  }, []);

  const value = useMemo<Preferences>(() => ({
    language,
    setLanguage,
    discreet,
    setDiscreet,
    t: translator(language),
    locale: formattingLocale(language, props.brandLocale),
  }), [language, setLanguage, discreet, setDiscreet, props.brandLocale]);

  if (typeof document !== 'undefined') {
    document.documentElement.lang = language;
  }
  return <PreferencesContext.Provider value={value}>{props.children}</PreferencesContext.Provider>;
}

export function usePreferences(): Preferences {
  const prefs = useContext(PreferencesContext);
  if (prefs === null) {
    throw new Error('usePreferences outside PreferencesProvider');
  }
  return prefs;
}
