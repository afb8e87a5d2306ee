import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { browserEventSource, startLiveInvalidation, type EventSourceFactory, type LiveStatus } from '../live/liveUpdates';

export interface LiveState {
  readonly updatedAt: Date | null;
  readonly status: LiveStatus;
}

const LiveContext = createContext<LiveState>({ updatedAt: null, status: 'stopped' });

export function LiveProvider(props: { readonly tenant: string; readonly create?: EventSourceFactory;
  readonly children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>({ updatedAt: null, status: 'connecting' });
  const create = props.create ?? (typeof EventSource === 'undefined' ? null : browserEventSource);
  useEffect(() => {
    if (create === null) {
      return undefined;
    }
    return startLiveInvalidation({
      tenant: props.tenant,
      queryClient,
      create,
      onUpdated: (at) => setState((s) => ({ ...s, updatedAt: at })),
      onStatus: (status) => setState((s) => ({ ...s, status })),
    });
  }, [props.tenant, queryClient, create]);
  return <LiveContext.Provider value={state}>{props.children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  return useContext(LiveContext);
}
