using System.Buffers.Binary;

namespace TimeBank.Api.Certificates;

/// <summary>
/// One face of a TrueType collection (<c>.ttc</c>) as a font file of its own, which is what PDFsharp reads: the collection's
/// faces share tables stored once, at offsets from the start of the collection; a face's table directory is copied and its
/// tables laid out after it, each on a four-byte boundary, with the offsets rewritten. Table checksums are kept (the tables
/// are unchanged). A file that is not a collection is returned as it is.
/// </summary>
internal static class TrueTypeCollection
{
    private const uint CollectionTag = 0x74746366; // "ttcf"
    private const int DirectoryHeaderSize = 12;
    private const int TableRecordSize = 16;

    public static byte[] Face(byte[] file, int index)
    {
        ArgumentNullException.ThrowIfNull(file);
        var data = file.AsSpan();
        if (data.Length < DirectoryHeaderSize || BinaryPrimitives.ReadUInt32BigEndian(data) != CollectionTag)
        {
            return file;
        }

        var faces = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
        if (index < 0 || index >= faces)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"The collection holds {faces} face(s).");
        }

        var directory = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data[(12 + (4 * index))..]));
        var tables = BinaryPrimitives.ReadUInt16BigEndian(data[(directory + 4)..]);
        var headerSize = DirectoryHeaderSize + (tables * TableRecordSize);
        var size = headerSize;
        for (var t = 0; t < tables; t++)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[(directory + DirectoryHeaderSize + (t * TableRecordSize) + 12)..]);
            size = checked(size + Padded((int)length));
        }

        var face = new byte[size];
        data.Slice(directory, headerSize).CopyTo(face);
        var next = headerSize;
        for (var t = 0; t < tables; t++)
        {
            var record = face.AsSpan(DirectoryHeaderSize + (t * TableRecordSize), TableRecordSize);
            var offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]));
            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
            data.Slice(offset, length).CopyTo(face.AsSpan(next));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)next);
            next += Padded(length);
        }

        return face;
    }

    private static int Padded(int length) => checked((length + 3) & ~3);
}
