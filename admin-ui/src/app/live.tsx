import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import {
  browserEventSource,
  createLiveHub,
  startLiveInvalidation,
  type EventSourceFactory,
  type LiveHub,
  type LiveListener,
  type LiveStatus,
} from '../live/liveUpdates';

export interface LiveState {
  readonly updatedAt: Date | null;
  readonly status: LiveStatus;
}

const LiveContext = createContext<LiveState>({ updatedAt: null, status: 'stopped' });

/** Outside a provider nothing arrives: subscribing is harmless. */
const LiveHubContext = createContext<LiveHub>(createLiveHub());

export function LiveProvider(props: { readonly tenant: string; readonly create?: EventSourceFactory;
  readonly children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>({ updatedAt: null, status: 'connecting' });
  const [hub] = useState(createLiveHub);
  const create = props.create ?? (typeof EventSource === 'undefined' ? null : browserEventSource);
  useEffect(() => {
    if (create === null) {
      return undefined;
    }
    return startLiveInvalidation({
      tenant: props.tenant,
      queryClient,
      create,
      onMessage: hub.publish,
      onUpdated: (at) => setState((s) => ({ ...s, updatedAt: at })),
      onStatus: (status) => setState((s) => ({ ...s, status })),
    });
  }, [props.tenant, queryClient, create, hub]);
  return (
    <LiveHubContext.Provider value={hub}>
      <LiveContext.Provider value={state}>{props.children}</LiveContext.Provider>
    </LiveHubContext.Provider>
  );
}

export function useLive(): LiveState {
  return useContext(LiveContext);
}

/**
 * Subscribes to every live message of the tenant as it arrives (type, entity and payload), e.g. to follow the outcome
 * of a command; the returned function unsubscribes. Stable for the provider's lifetime.
 */
export function useLiveSubscribe(): (listener: LiveListener) => () => void {
  return useContext(LiveHubContext).subscribe;
}
