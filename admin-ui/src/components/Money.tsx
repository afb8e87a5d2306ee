import { usePreferences } from '../app/preferences';
import { formatDate, formatMoney, formatPercent } from '../money/format';

/** Text of an amount for the current locale; the raw text if it cannot be read (never a guess). */
export function useMoneyText(): (amount: string, currency: string) => string {
  const { locale } = usePreferences();
  return (amount, currency) => {
    try {
      return formatMoney(amount, currency, locale);
    } catch {
      return `${amount} ${currency}`;
    }
  };
}

/** An amount, masked in discreet mode. */
export function Money(props: { readonly amount: string; readonly currency: string; readonly className?: string }) {
  const { discreet, t } = usePreferences();
  const text = useMoneyText()(props.amount, props.currency);
  const negative = props.amount.startsWith('-') && !/^-0*(\.0*)?$/.test(props.amount);
  const className = ['money', negative ? 'money--negative' : '', props.className ?? ''].filter(Boolean).join(' ');
  if (discreet) {
    return (
      <span className={`${className} money--hidden`} data-currency={props.currency}>
        <span aria-hidden="true">{props.currency} •••••</span>
        <span className="visually-hidden">{t('money.hidden')}</span>
      </span>
    );
  }
  return <span className={className} data-amount={props.amount} data-currency={props.currency}>{text}</span>;
}

export function Percent(props: { readonly share: string | null; readonly digits?: number }) {
  const { locale } = usePreferences();
  if (props.share === null) {
    return <span className="percent">–</span>;
  }
  let text: string;
  try {
    text = formatPercent(props.share, locale, props.digits ?? 1);
  } catch {
    text = props.share;
  }
  return <span className="percent">{text}</span>;
}

export function DateText(props: { readonly iso: string | null }) {
  const { locale } = usePreferences();
  if (props.iso === null) {
    return <span>–</span>;
  }
  return <time dateTime={props.iso}>{formatDateSafe(props.iso, locale)}</time>;
}

function formatDateSafe(iso: string, locale: string): string {
  try {
    return formatDate(iso, locale);
  } catch {
    return iso;
  }
}
