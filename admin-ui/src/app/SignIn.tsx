import { useEffect } from 'react';
import { signInUrl } from '../components/signIn';
import { usePreferences } from './preferences';

/** Shown when there is no session: the server's sign-in brings the reader back to this page. */
export function SignIn(props: { readonly brandName: string }) {
  const { t } = usePreferences();
  const title = t('signIn.title', { brand: props.brandName });
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <main id="main" className="sign-in">
      <div className="sign-in__card">
        <p className="sign-in__brand">{props.brandName}</p>
        <h1 className="sign-in__title">{title}</h1>
        <p>{t('signIn.body')}</p>
        <a className="button button--primary button--large" href={signInUrl()}>
          {t('signIn.button')}
        </a>
      </div>
    </main>
  );
}
