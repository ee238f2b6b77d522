package dev.poebridge.auth;

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

/** RSA key pairs as text: read from PEM or bare base64 (PKCS#8, X.509), written as bare base64, made fresh. */
final class RsaKeys {

    private RsaKeys() {
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an RSA key pair", e);
        }
    }

    static String encode(java.security.Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * The pair these texts hold, checked to belong together (a signature made with one verifies with the other), or
     * an IllegalArgumentException naming {@code what}; the key text never appears in the message.
     */
    static KeyPair parse(String privateText, String publicText, String what) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(bytes(privateText)));
            PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(bytes(publicText)));
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(privateKey);
            byte[] probe = "poe-openai-bridge".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException(what + ": the public key does not belong to the private key.");
            }
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(what)) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException(what + " is not an RSA key pair (private key: PEM or base64 PKCS#8; "
                    + "public key: PEM or base64 X.509): " + e.getClass().getSimpleName());
        }
    }

    /** PEM armour and whitespace removed, then base64. */
    private static byte[] bytes(String text) {
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
