import { de } from './de';
import { en, type MessageKey, type Messages } from './en';
import { fr } from './fr';

export type { MessageKey, Messages };

export const LANGUAGES = ['en', 'de', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', de: 'Deutsch', fr: 'Français' };

const CATALOGUES: Readonly<Record<Language, Messages>> = { en, de, fr };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The first supported language of the reader's preferred ones ("de-CH" → de), else English. */
export function languageFrom(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) {
      return base;
    }
  }
  return 'en';
}

export type Translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

/** The message of a key in a language, with {placeholders} filled in; unknown placeholders stay as written. */
export function translator(language: Language): Translate {
  const messages = CATALOGUES[language];
  return (key, values) => {
    const text = messages[key];
    if (values === undefined) {
      return text;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      return value === undefined ? whole : String(value);
    });
  };
}

/**
 * The locale for figures: the reader's language in the region of the tenant's brand locale (language "fr" with
 * brand "de-CH" formats as fr-CH), when the runtime knows that locale; otherwise the language alone.
 */
export function formattingLocale(language: Language, brandLocale: string): string {
  const region = brandLocale.split('-')[1];
  if (region !== undefined && /^[A-Za-z]{2}$|^\d{3}$/.test(region)) {
    const candidate = `${language}-${region.toUpperCase()}`;
    try {
      if (Intl.NumberFormat.supportedLocalesOf([candidate]).length > 0) {
        return candidate;
      }
    } catch {
      // an unusable tag: fall back to the language
    }
  }
  return language;
}

/** Every key of English has a message in each language (the compiler checks it too; this guards empty texts). */
export function missingMessages(): string[] {
  const missing: string[] = [];
  for (const language of LANGUAGES) {
    for (const key of Object.keys(en) as MessageKey[]) {
      if (CATALOGUES[language][key].trim() === '') {
        missing.push(`${language}:${key}`);
      }
    }
  }
  return missing;
}
