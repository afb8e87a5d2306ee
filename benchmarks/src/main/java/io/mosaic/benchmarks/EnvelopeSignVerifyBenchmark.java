package io.mosaic.benchmarks;

import io.mosaic.hsm.KeyService;
import io.mosaic.hsm.Signer;
import io.mosaic.messaging.EnvelopeCodec;
import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.messaging.EnvelopeSealer;
import io.mosaic.messaging.SignedEnvelope;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Ed25519 sign + verify of one envelope with a 1 KiB JSON payload and no entity (so nothing is encrypted).
 *
 * <ul>
 * <li>{@code mosaicSignVerify} (the figure): our path without envelope encoding, {@link Signer#sign} then
 * {@link KeyService#verify} over the envelope's canonical signed bytes (1,160 bytes, encoded once in set-up):
 * Bouncy Castle Ed25519 with the key service's key cache and public-key lookup.</li>
 * <li>{@code jdkSignVerify} (baseline): the JDK's own Ed25519 ({@code Signature.getInstance("Ed25519")}, SunEC)
 * over the same bytes, with initialised {@link Signature} objects reused.</li>
 * <li>{@code bcRawSignVerify}: Bouncy Castle's {@link Ed25519Signer} over the same bytes with the key pair in hand,
 * to show what the key service adds.</li>
 * <li>{@code sealerSealVerify}: {@link EnvelopeSealer#seal} + {@link EnvelopeSealer#verify}, i.e. the above plus
 * encoding the canonical bytes twice, copying the payload and checking the signer binding.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Thread)
public class EnvelopeSignVerifyBenchmark {
    private Fixtures.Keys keys;
    private Signer signer;
    private EnvelopeSealer sealer;
    private EnvelopeHeader header;
    private byte[] payload;
    private byte[] signedBytes;

    private Signature jdkSigner;
    private Signature jdkVerifier;

    private Ed25519PrivateKeyParameters bcPrivate;
    private Ed25519PublicKeyParameters bcPublic;

    @Setup
    public void setUp() throws GeneralSecurityException {
        keys = new Fixtures.Keys();
        signer = keys.service.signer(Fixtures.TENANT, Fixtures.SENDER.id());
        sealer = new EnvelopeSealer(keys.service);
        payload = Fixtures.jsonPayload(1024);
        header = new EnvelopeHeader(UUID.randomUUID(), Fixtures.TENANT, Fixtures.TYPE, 1, Fixtures.SENDER, "advisor-7",
                UUID.randomUUID(), null, Instant.parse("2024-03-01T10:15:30Z"), null, null);
        signedBytes = EnvelopeCodec.signedBytes(header, payload);

        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        jdkSigner = Signature.getInstance("Ed25519");
        jdkSigner.initSign(pair.getPrivate());
        jdkVerifier = Signature.getInstance("Ed25519");
        jdkVerifier.initVerify(pair.getPublic());
        if (!"SunEC".equals(jdkSigner.getProvider().getName())) {
            throw new IllegalStateException("expected the JDK's SunEC provider, got " + jdkSigner.getProvider());
        }

        bcPrivate = new Ed25519PrivateKeyParameters(new SecureRandom());
        bcPublic = bcPrivate.generatePublicKey();

        if (!mosaicSignVerify() || !jdkSignVerify() || !bcRawSignVerify() || !sealerSealVerify()) {
            throw new IllegalStateException("a signature made in set-up does not verify");
        }
    }

    @TearDown
    public void tearDown() {
        keys.close();
    }

    @Benchmark
    public boolean mosaicSignVerify() {
        byte[] signature = signer.sign(signedBytes);
        return keys.service.verify(signer.keyRef(), signedBytes, signature);
    }

    @Benchmark
    public boolean jdkSignVerify() throws GeneralSecurityException {
        jdkSigner.update(signedBytes);
        byte[] signature = jdkSigner.sign();
        jdkVerifier.update(signedBytes);
        return jdkVerifier.verify(signature);
    }

    @Benchmark
    public boolean bcRawSignVerify() {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, bcPrivate);
        s.update(signedBytes, 0, signedBytes.length);
        byte[] signature = s.generateSignature();
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, bcPublic);
        v.update(signedBytes, 0, signedBytes.length);
        return v.verifySignature(signature);
    }

    @Benchmark
    public boolean sealerSealVerify() {
        SignedEnvelope envelope = sealer.seal(header, payload, signer);
        return sealer.verify(envelope);
    }
}
