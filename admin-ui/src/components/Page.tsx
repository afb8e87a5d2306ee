import { useEffect, type ReactNode } from 'react';
import { useSession } from '../app/session';

/** A view's heading; also names the browser tab. */
export function Page(props: { readonly title: string; readonly subtitle?: ReactNode; readonly actions?: ReactNode;
  readonly children: ReactNode }) {
  const { session } = useSession();
  useEffect(() => {
    document.title = `${props.title} · ${session.brand.name}`;
  }, [props.title, session.brand.name]);
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page__header">
        <div>
          <h1 id="page-title" className="page__title">{props.title}</h1>
          {props.subtitle !== undefined && <p className="page__subtitle">{props.subtitle}</p>}
        </div>
        {props.actions !== undefined && <div className="page__actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}

export function Card(props: { readonly title?: string; readonly className?: string; readonly children: ReactNode }) {
  return (
    <section className={`card ${props.className ?? ''}`}>
      {props.title !== undefined && <h2 className="card__title">{props.title}</h2>}
      {props.children}
    </section>
  );
}
