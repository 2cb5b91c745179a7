export type Role = 'owner' | 'admin' | 'member' | 'read_only';

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

export interface Workspace {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface Me {
  user: User;
  workspace: Workspace;
  workspaces: Workspace[];
  scopes: string[];
}

/** A page of a list: `GET /api/v1/{object}`. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
  total?: number;
}
