import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../src/triage/language.js';

describe('detectLanguage', () => {
  it.each([
    ['en', 'I cannot sign in since the update, the page keeps asking for my email.'],
    ['fr', "Je n'arrive plus à me connecter depuis la mise à jour, la page me demande mon adresse."],
    ['de', 'Ich kann mich seit dem Update nicht mehr anmelden, die Seite will meine E-Mail.'],
    ['es', 'No puedo iniciar sesión desde la actualización, la página me pide el correo.'],
    ['it', "Non riesco ad accedere dall'aggiornamento, la pagina mi chiede la mail."],
  ])('recognises %s', (expected, text) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it('is not fooled by English UI labels inside a French ticket', () => {
    expect(detectLanguage('Bonjour, j\'ai "Login failed" et "Authentication failed" à chaque fois.')).toBe('fr');
  });

  it('takes out the English UI labels whatever their case (they are looked for only in a text with one of their words)', () => {
    expect(detectLanguage('Bonjour, LOGIN FAILED. System > Users, Continue, Reset your password: rien.')).toBe('fr');
  });

  it('answers English for text with no words', () => {
    expect(detectLanguage('!!! ??? 123')).toBe('en');
  });
});
