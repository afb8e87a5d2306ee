import { useEffect, useState } from 'react';
import { isObject, parseJsonExact } from '../api/json';
import { signInUrl } from '../components/signIn';
import { usePreferences } from './preferences';

/** What the server's 401 on {@code /session} tells the sign-in screen. */
export interface SignInInfo {
  readonly tenant: string;
  readonly brandName: string;
  readonly logo: string | null;
  /** The demo's development routes are on: a first-time user may fetch an activation letter here. */
  readonly activationLetter: boolean;
}

export function signInInfo(problem: unknown, tenant: string): SignInInfo {
  const brand = isObject(problem) && isObject(problem['brand']) ? problem['brand'] : {};
  const name = brand['name'];
  const logo = brand['logo'];
  return {
    tenant,
    brandName: typeof name === 'string' && name !== '' ? name : tenant,
    logo: typeof logo === 'string' && logo.startsWith('/') ? logo : null,
    activationLetter: isObject(problem) && problem['activationLetter'] === true,
  };
}

/** Shown when there is no session: the server's sign-in brings the reader back to this page. */
export function SignIn(props: { readonly info: SignInInfo }) {
  const { t } = usePreferences();
  const { info } = props;
  const title = t('signIn.title', { brand: info.brandName });
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <main id="main" className="sign-in">
      <div className="sign-in__card">
        {info.logo === null
          ? <p className="sign-in__brand">{info.brandName}</p>
          : <img className="sign-in__logo" src={info.logo} alt={info.brandName} />}
        <h1 className="sign-in__title">{title}</h1>
        <p>{t('signIn.body')}</p>
        <a id="sign-in" className="button button--primary button--large" href={signInUrl()}>
          {t('signIn.button')}
        </a>
        {info.activationLetter && <ActivationLetter tenant={info.tenant} />}
      </div>
    </main>
  );
}

/**
 * The demo's activation letter: in production it comes by post. Its image enrols the photoTAN device emulator
 * ({@code /device}), which then shows the enrolment code Keycloak asks for at the first sign-in.
 */
function ActivationLetter(props: { readonly tenant: string }) {
  const { t } = usePreferences();
  const [user, setUser] = useState('');
  const [image, setImage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function fetchLetter(): Promise<void> {
    setError(null);
    setImage(null);
    const url = `/admin/dev/tenants/${encodeURIComponent(props.tenant)}/users/${encodeURIComponent(user)}/activation-letter`;
    const response = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const body: unknown = parseJsonExact(await response.text());
    if (!response.ok || !isObject(body) || typeof body['image'] !== 'string' || !body['image'].startsWith('data:image/png;')) {
      const detail = isObject(body) && typeof body['error'] === 'string' ? body['error'] : String(response.status);
      setError(t('signIn.letterFailed', { detail }));
      return;
    }
    setImage(body['image']);
  }

  return (
    <section className="sign-in__letter" aria-labelledby="letter-heading">
      <h2 id="letter-heading">{t('signIn.letterHeading')}</h2>
      <p>{t('signIn.letterBody')}</p>
      <form className="sign-in__letter-form" onSubmit={(e) => { e.preventDefault(); void fetchLetter(); }}>
        <label htmlFor="enrol-user">{t('signIn.letterUser')}</label>
        <input id="enrol-user" autoComplete="username" required value={user} onChange={(e) => setUser(e.target.value)} />
        <button id="get-letter" type="submit" className="button">{t('signIn.letterButton')}</button>
      </form>
      {error !== null && <p role="alert" className="sign-in__error">{error}</p>}
      {image !== null && (
        <figure id="letter-box" className="sign-in__letter-image">
          <img id="letter" src={image} alt={t('signIn.letterAlt', { user })} />
          <figcaption>
            {t('signIn.letterNext')} <a href="/device" target="_blank" rel="noopener">{t('signIn.device')}</a>
          </figcaption>
        </figure>
      )}
    </section>
  );
}
