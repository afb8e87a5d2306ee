package io.mosaic.hsm;

/** Signs on behalf of one plugin installation; the private key never leaves the key service. */
public interface Signer {
    KeyRef keyRef();

    byte[] sign(byte[] data);
}
