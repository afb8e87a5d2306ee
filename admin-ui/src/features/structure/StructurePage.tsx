import '@xyflow/react/dist/style.css';
import { useNavigate } from '@tanstack/react-router';
import { Background, Controls, MarkerType, ReactFlow, type Edge, type Node } from '@xyflow/react';
import { useMemo } from 'react';
import { usePreferences } from '../../app/preferences';
import { useScope } from '../../app/useScope';
import { useTenantQuery } from '../../api/queries';
import { readGraph, readLookThrough, type LookThrough, type OwnershipGraph } from '../../api/types';
import { DateText, Percent } from '../../components/Money';
import { Card, Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { formatPercent } from '../../money/format';
import { overviewLink } from '../overview/route';
import { layoutTopDown } from './layout';

function percentText(share: string, locale: string): string {
  try {
    return formatPercent(share, locale);
  } catch {
    return share;
  }
}

function toFlow(graph: OwnershipGraph, look: LookThrough | undefined, owner: string, locale: string,
  lookThroughLabel: (share: string) => string): { nodes: Node[]; edges: Edge[] } {
  const shares = new Map((look?.shares ?? []).map((s) => [s.entityId, s.economicShare]));
  const placed = new Map(layoutTopDown(graph.nodes.map((n) => n.id), graph.edges).map((p) => [p.id, p]));
  const nodes: Node[] = graph.nodes.map((n) => {
    const share = shares.get(n.id);
    const p = placed.get(n.id);
    return {
      id: n.id,
      position: { x: p?.x ?? 0, y: p?.y ?? 0 },
      className: `party-node party-node--${n.kind.toLowerCase()} ${n.id === owner ? 'party-node--owner' : ''}`,
      ariaLabel: `${n.name} (${n.kind})`,
      data: {
        label: (
          <div className="party-node__body">
            <span className="party-node__name">{n.name}</span>
            <span className="party-node__kind">{n.kind}{n.jurisdiction !== null ? ` · ${n.jurisdiction}` : ''}</span>
            {share !== undefined && n.id !== owner && (
              <span className="party-node__share">{lookThroughLabel(percentText(share, locale))}</span>
            )}
          </div>
        ),
      },
      draggable: false,
      connectable: false,
    };
  });
  const edges: Edge[] = graph.edges.map((e) => ({
    id: e.id,
    source: e.holderId,
    target: e.entityId,
    label: percentText(e.economicShare, locale),
    className: 'ownership-edge',
    markerEnd: { type: MarkerType.ArrowClosed },
  }));
  return { nodes, edges };
}

export default function StructurePage() {
  const { t, locale } = usePreferences();
  const { scope } = useScope();
  const navigate = useNavigate();
  const params = { owner: scope.owner ?? undefined, asOf: scope.asOf };
  const graph = useTenantQuery('structures', 'graph', params, readGraph, scope.owner !== null);
  const look = useTenantQuery('structures', 'look-through', params, readLookThrough, scope.owner !== null);
  const owner = scope.owner ?? '';
  const flow = useMemo(
    () => (graph.data === undefined ? null
      : toFlow(graph.data, look.data, owner, locale, (share) => t('structure.lookThrough', { share }))),
    [graph.data, look.data, owner, locale, t],
  );
  const open = (id: string) => void navigate(overviewLink({ owner: id }));
  const names = new Map((graph.data?.nodes ?? []).map((n) => [n.id, n.name]));

  return (
    <Page title={t('nav.structure')} subtitle={t('structure.graphHint')}>
      <QueryState query={graph} lines={8}>
        {(g) => g.edges.length === 0 ? <p>{t('structure.empty')}</p> : (
          <>
            <Card title={t('structure.graph')}>
              <div className="flow">
                {flow !== null && (
                  <ReactFlow
                    nodes={flow.nodes}
                    edges={flow.edges}
                    fitView
                    nodesDraggable={false}
                    nodesConnectable={false}
                    elementsSelectable
                    onNodeClick={(_event, node) => open(node.id)}
                    proOptions={{ hideAttribution: false }}
                    minZoom={0.2}
                  >
                    <Background />
                    <Controls showInteractive={false} />
                  </ReactFlow>
                )}
              </div>
            </Card>
            <Card title={t('structure.edges')}>
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">{t('structure.edges')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('col.holder')}</th>
                      <th scope="col">{t('col.holds')}</th>
                      <th scope="col" className="num">{t('col.economicShare')}</th>
                      <th scope="col" className="num">{t('col.votingShare')}</th>
                      <th scope="col">{t('col.validFrom')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.edges.map((e) => (
                      <tr key={e.id}>
                        <td>
                          <button type="button" className="link-button" onClick={() => open(e.holderId)}
                            aria-label={t('structure.open', { name: names.get(e.holderId) ?? e.holderId })}>
                            {names.get(e.holderId) ?? e.holderId}
                          </button>
                        </td>
                        <td>
                          <button type="button" className="link-button" onClick={() => open(e.entityId)}
                            aria-label={t('structure.open', { name: names.get(e.entityId) ?? e.entityId })}>
                            {names.get(e.entityId) ?? e.entityId}
                          </button>
                        </td>
                        <td className="num"><Percent share={e.economicShare} /></td>
                        <td className="num"><Percent share={e.votingShare} /></td>
                        <td><DateText iso={e.validFrom} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Card>
          </>
        )}
      </QueryState>
    </Page>
  );
}
