import { createContext, useContext } from 'react';
import { glyphsFor, type Glyphs } from './charset.js';

export const GlyphsContext = createContext<Glyphs>(glyphsFor(false));

export const useGlyphs = (): Glyphs => useContext(GlyphsContext);
