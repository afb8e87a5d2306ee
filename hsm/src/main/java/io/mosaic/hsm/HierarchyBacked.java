package io.mosaic.hsm;

/** A public backend that delegates to a {@link KeyHierarchy}; lets {@link KeyRotation} reach it. */
interface HierarchyBacked {
    KeyHierarchy hierarchy();
}
