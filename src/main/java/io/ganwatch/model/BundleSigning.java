package io.ganwatch.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs bundles and checks who signed them, with the JDK's own Ed25519. What is signed is the text
 * {@code ganwatch-bundle-signature-v1:<content sha256>:<graph sha256>}: the content hash covers every
 * field of {@code model.json} but the hash and the signature, and the graph hash covers
 * {@code model.onnx}, so a signature vouches for the whole bundle.
 *
 * <p>Keys are PEM files: {@value #PRIVATE_FILE} (PKCS#8, written readable by its owner only) and
 * {@value #PUBLIC_FILE} (X.509); a trusted-keys directory holds any number of {@code *.pub.pem} files.
 */
public final class BundleSigning {
    /** The signature algorithm. */
    public static final String ALGORITHM = "Ed25519";
    /** File name of a private key written by {@link #generate}. */
    public static final String PRIVATE_FILE = "ganwatch-signing.key.pem";
    /** File name of a public key written by {@link #generate}. */
    public static final String PUBLIC_FILE = "ganwatch-signing.pub.pem";
    private static final String PREFIX = "ganwatch-bundle-signature-v1:";

    private BundleSigning() {
    }

    /** Why a bundle is refused, or {@link #TRUSTED}. */
    public enum Verdict {
        /** Signed by a trusted key, and the signature verifies. */
        TRUSTED,
        /** No signature. */
        UNSIGNED,
        /** Signed by a key that is not among the trusted ones. */
        UNKNOWN_KEY,
        /** The signature does not verify: the bundle was changed after signing, or the signature is forged. */
        BAD_SIGNATURE
    }

    /**
     * Writes a new key pair to {@code dir}.
     *
     * @return the key id
     */
    public static String generate(Path dir) {
        try {
            Files.createDirectories(dir);
            Path priv = dir.resolve(PRIVATE_FILE);
            Path pub = dir.resolve(PUBLIC_FILE);
            if (Files.exists(priv) || Files.exists(pub)) {
                throw new IllegalArgumentException(dir + " already holds a signing key; choose an empty directory");
            }
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return keyId(pair.getPublic());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot write a signing key to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads a private key file written by {@link #generate}. */
    public static PrivateKey privateKey(Path file) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(file, "PRIVATE KEY")));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the signing key " + file + " (" + e.getMessage()
                    + "); pass the " + PRIVATE_FILE + " that `ganwatch keygen` wrote", e);
        }
    }

    /** Reads every {@code *.pub.pem} file of {@code dir}, by key id. */
    public static Map<String, PublicKey> trustedKeys(Path dir) {
        Map<String, PublicKey> keys = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pub.pem")) {
            for (Path f : files) {
                PublicKey k = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(f, "PUBLIC KEY")));
                keys.put(keyId(k), k);
            }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the trusted keys in " + dir + " (" + e.getMessage()
                    + "); put the " + PUBLIC_FILE + " files of `ganwatch keygen` there", e);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the trusted-keys directory " + dir + " holds no *.pub.pem file; copy the "
                    + PUBLIC_FILE + " of each publisher there");
        }
        return keys;
    }

    /** The bundle signed with the private key file {@code keyFile} (its public key is the file beside it). */
    public static ModelBundle sign(ModelBundle bundle, Path keyFile) {
        return sign(bundle, privateKey(keyFile), publicKeyBeside(keyFile));
    }

    /** The bundle signed with {@code key}, whose public half is {@code publicKey}. */
    public static ModelBundle sign(ModelBundle bundle, PrivateKey key, PublicKey publicKey) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(message(bundle));
            BundleSignature sig = new BundleSignature(keyId(publicKey), ALGORITHM, Base64.getEncoder().encodeToString(s.sign()));
            return new ModelBundle(bundle.metadata().withSignature(sig), bundle.graph());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the bundle: " + e.getMessage(), e);
        }
    }

    /** The public key that belongs to a private key file written by {@link #generate} (the file beside it). */
    public static PublicKey publicKeyBeside(Path privateFile) {
        Path pub = privateFile.resolveSibling(PUBLIC_FILE);
        return trustedKey(pub);
    }

    private static PublicKey trustedKey(Path file) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(file, "PUBLIC KEY")));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the public key " + file + " (" + e.getMessage()
                    + "); keep the " + PUBLIC_FILE + " that `ganwatch keygen` wrote beside the private key", e);
        }
    }

    /** Who signed {@code bundle}, judged against {@code trusted} (by key id). */
    public static Verdict verify(ModelBundle bundle, Map<String, PublicKey> trusted) {
        BundleSignature sig = bundle.metadata().signature();
        if (sig == null) {
            return Verdict.UNSIGNED;
        }
        PublicKey key = trusted.get(sig.keyId());
        if (key == null) {
            return Verdict.UNKNOWN_KEY;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(message(bundle));
            return ALGORITHM.equals(sig.algorithm()) && s.verify(Base64.getDecoder().decode(sig.value()))
                    ? Verdict.TRUSTED : Verdict.BAD_SIGNATURE;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Verdict.BAD_SIGNATURE;
        }
    }

    /** First 16 hex digits of the sha256 of the key's X.509 encoding. */
    public static String keyId(PublicKey key) {
        return Hashes.sha256(key.getEncoded()).substring(0, 16);
    }

    private static byte[] message(ModelBundle bundle) {
        return (PREFIX + bundle.contentSha256() + ":" + Hashes.sha256(bundle.graph())).getBytes(StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(Path file, String type) throws IOException {
        String text = Files.readString(file);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("not a PEM " + type.toLowerCase(java.util.Locale.ROOT) + " file");
        }
        return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    }
}
