using System.Security.Cryptography;
using System.Text;

namespace TimeBank.Api.PersonalData;

/// <summary>
/// The only place personal information is encrypted or decrypted. AES-256-GCM throughout:
/// <list type="bullet">
/// <item>each volunteer has a random 256-bit data key; it is stored only wrapped (encrypted) by the master key;</item>
/// <item>each value is sealed with the volunteer's data key under a fresh random nonce.</item>
/// </list>
/// The associated data binds every ciphertext to its volunteer and to what it is (the data key, the name, the phone...):
/// a sealed value copied onto another person, or into another field, does not open. Layout of a sealed value and of a
/// wrapped key: <c>version (1) | nonce (12) | tag (16) | ciphertext</c>.
/// </summary>
public sealed class PersonalDataCipher
{
    public const int KeySize = 32;
    public const string MasterKeySecretName = "personal-data-master-key";

    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;
    private const string DataKeyPurpose = "data-key";

    private readonly byte[] _masterKey;

    public PersonalDataCipher(byte[] masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        if (masterKey.Length != KeySize)
        {
            throw new ArgumentException($"The master key of personal data must be {KeySize} bytes.", nameof(masterKey));
        }

        _masterKey = (byte[])masterKey.Clone();
    }

    /// <summary>A fresh data key for one volunteer, and the same key wrapped by the master key, for storage.</summary>
    public (byte[] DataKey, byte[] WrappedKey) NewDataKey(Guid volunteerId)
    {
        var dataKey = RandomNumberGenerator.GetBytes(KeySize);
        return (dataKey, Encrypt(_masterKey, AssociatedData(volunteerId, DataKeyPurpose), dataKey));
    }

    /// <summary>The volunteer's data key from its wrapped form.</summary>
    /// <exception cref="PersonalDataUnreadableException">The key was not wrapped by this master key for this volunteer.</exception>
    public byte[] UnwrapDataKey(Guid volunteerId, byte[] wrappedKey)
    {
        var dataKey = Decrypt(_masterKey, AssociatedData(volunteerId, DataKeyPurpose), wrappedKey,
            "The data key of a volunteer does not open with the configured master key of personal data (another master key, or a key of another volunteer).");
        return dataKey.Length == KeySize
            ? dataKey
            : throw new PersonalDataUnreadableException("A wrapped data key of personal data has the wrong length.");
    }

    /// <summary>Seals <paramref name="value"/>, which is the <paramref name="field"/> of the volunteer, with their data key.</summary>
    public static byte[] Seal(byte[] dataKey, Guid volunteerId, string field, string value) =>
        Encrypt(dataKey, AssociatedData(volunteerId, field), Encoding.UTF8.GetBytes(value));

    /// <exception cref="PersonalDataUnreadableException">The value was not sealed with this key, for this volunteer and field.</exception>
    public static string Open(byte[] dataKey, Guid volunteerId, string field, byte[] sealedValue) =>
        Encoding.UTF8.GetString(Decrypt(dataKey, AssociatedData(volunteerId, field), sealedValue,
            "A sealed value of personal data does not open with the volunteer's data key (another volunteer's or another field's value)."));

    private static byte[] Encrypt(byte[] key, byte[] associatedData, byte[] plaintext)
    {
        var output = new byte[HeaderSize + plaintext.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize), output.AsSpan(1 + NonceSize, TagSize), associatedData);
        return output;
    }

    private static byte[] Decrypt(byte[] key, byte[] associatedData, byte[] sealedValue, string failure)
    {
        if (sealedValue.Length < HeaderSize || sealedValue[0] != Version)
        {
            throw new PersonalDataUnreadableException("A stored value of personal data is not in a format this service knows.");
        }

        var plaintext = new byte[sealedValue.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(
                sealedValue.AsSpan(1, NonceSize), sealedValue.AsSpan(HeaderSize), sealedValue.AsSpan(1 + NonceSize, TagSize), plaintext, associatedData);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new PersonalDataUnreadableException(failure, e);
        }

        return plaintext;
    }

    /// <summary><c>"timebank.personal-data.v1" | volunteer id (16 bytes, big-endian) | purpose</c>.</summary>
    private static byte[] AssociatedData(Guid volunteerId, string purpose)
    {
        var prefix = "timebank.personal-data.v1"u8;
        var purposeBytes = Encoding.UTF8.GetBytes(purpose);
        var data = new byte[prefix.Length + 16 + purposeBytes.Length];
        prefix.CopyTo(data);
        volunteerId.TryWriteBytes(data.AsSpan(prefix.Length, 16), bigEndian: true, out _);
        purposeBytes.CopyTo(data.AsSpan(prefix.Length + 16));
        return data;
    }
}

/// <summary>Stored personal data that does not open: the wrong master key, or a ciphertext moved between people or fields.</summary>
public sealed class PersonalDataUnreadableException : CryptographicException
{
    public PersonalDataUnreadableException(string message)
        : base(message)
    {
    }

    public PersonalDataUnreadableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PersonalDataUnreadableException()
    {
    }
}
