'use client';
import { createContext, useContext } from 'react';
import type { ModelLookup } from '../../../domain/models/signature';
import type { CatalogueEntry, ModelInfo } from '../../_lib/types';

/** Catalogue specs (by `kind@version`) and registered models, shared by canvas, palette and inspector. */
export interface EditorCatalogue {
  specs: Map<string, CatalogueEntry>;
  models: ModelInfo[];
  /** The same lookup shape the server validator uses, over `models`. */
  lookup: ModelLookup;
}

export const CatalogueContext = createContext<EditorCatalogue>({ specs: new Map(), models: [], lookup: () => undefined });

export const useCatalogue = () => useContext(CatalogueContext);

export const specKey = (kind: string, version: number) => `${kind}@${version}`;
