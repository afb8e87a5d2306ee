import dagre from '@dagrejs/dagre';

export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 76;

export interface Placed {
  readonly id: string;
  /** Top-left corner, as React Flow places nodes. */
  readonly x: number;
  readonly y: number;
}

/** Top-down layout of the ownership graph: holders above what they hold. */
export function layoutTopDown(nodeIds: readonly string[], edges: readonly { holderId: string; entityId: string }[]):
  Placed[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of nodeIds) {
    g.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  }
  const known = new Set(nodeIds);
  for (const e of edges) {
    if (known.has(e.holderId) && known.has(e.entityId)) {
      g.setEdge(e.holderId, e.entityId);
    }
  }
  dagre.layout(g);
  return nodeIds.map((id) => {
    const n = g.node(id);
    return { id, x: (n.x ?? 0) - NODE_WIDTH / 2, y: (n.y ?? 0) - NODE_HEIGHT / 2 };
  });
}
