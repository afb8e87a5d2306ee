import { describe, expect, it } from 'vitest';
import { formattingLocale, languageFrom, missingMessages, translator } from './index';

describe('i18n', () => {
  it('fills placeholders and keeps unknown ones', () => {
    const t = translator('en');
    expect(t('app.signedInAs', { name: 'Anna' })).toBe('Signed in as Anna');
    expect(t('holdings.count', { shown: 2 })).toBe('{shown} of {total} positions'.replace('{shown}', '2'));
    expect(translator('de')('nav.overview')).toBe('Übersicht');
    expect(translator('fr')('nav.overview')).toBe('Aperçu');
  });

  it('chooses the language from the reader preferences', () => {
    expect(languageFrom(['de-CH', 'en'])).toBe('de');
    expect(languageFrom(['it-CH', 'fr-FR'])).toBe('fr');
    expect(languageFrom(['ja'])).toBe('en');
    expect(languageFrom([])).toBe('en');
  });

  it('combines the language with the brand region for figures', () => {
    expect(formattingLocale('fr', 'de-CH')).toBe('fr-CH');
    expect(formattingLocale('de', 'de-CH')).toBe('de-CH');
    expect(formattingLocale('en', 'en')).toBe('en');
  });

  it('has a message for every key in every language', () => {
    expect(missingMessages()).toEqual([]);
  });
});
