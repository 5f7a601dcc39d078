// Computes enumerator values from the AST. clang records the value of an explicit
// initializer on its ConstantExpr node; when it does not (other clang versions, or
// expressions it left unfolded), the initializer's expression tree is evaluated here.
// Enumerators without an initializer are the previous value plus one, the first is zero.
using System.Globalization;

namespace StatelessNF.BindingsGenerator;

/// <summary>Evaluates integer constant expressions in enumerator initializers.</summary>
internal sealed class EnumValueEvaluator
{
    // Values of every enumerator seen so far, by AST id, for initializers naming earlier ones.
    private readonly Dictionary<string, Int128> _known = new(StringComparer.Ordinal);

    /// <summary>
    /// The value of one EnumConstantDecl, or null when its initializer cannot be evaluated.
    /// <paramref name="previous"/> is the value implicit increments continue from (null
    /// before the first constant).
    /// </summary>
    public Int128? ValueOf(AstNode constant, Int128? previous)
    {
        var initializer = constant.Children.FirstOrDefault(c => c.Kind != "FullComment");
        Int128? value = initializer is null
            ? previous is { } p ? p + 1 : 0
            : Evaluate(initializer);
        if (value is { } known && constant.Id is { } id)
        {
            _known[id] = known;
        }
        return value;
    }

    private Int128? Evaluate(AstNode expression)
    {
        if (expression.Kind is "ConstantExpr" or "IntegerLiteral" &&
            expression.GetString("value") is { } printed &&
            Int128.TryParse(printed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var folded))
        {
            return folded;
        }

        switch (expression.Kind)
        {
            case "ConstantExpr":
            case "ParenExpr":
            case "ImplicitCastExpr":
            case "CStyleCastExpr":
                return expression.Children.Count == 1 ? Evaluate(expression.Children[0]) : null;
            case "CharacterLiteral":
                return expression.Element.TryGetProperty("value", out var ch) && ch.TryGetInt64(out var c)
                    ? c
                    : null;
            case "DeclRefExpr":
                return expression.GetReferenceId("referencedDecl") is { } id && _known.TryGetValue(id, out var known)
                    ? known
                    : null;
            case "UnaryOperator":
                return EvaluateUnary(expression);
            case "BinaryOperator":
                return EvaluateBinary(expression);
            case "ConditionalOperator":
                if (expression.Children.Count != 3 || Evaluate(expression.Children[0]) is not { } condition)
                {
                    return null;
                }
                return Evaluate(expression.Children[condition != 0 ? 1 : 2]);
            default:
                return null;
        }
    }

    private Int128? EvaluateUnary(AstNode expression)
    {
        if (expression.Children.Count != 1 || Evaluate(expression.Children[0]) is not { } operand)
        {
            return null;
        }
        return expression.GetString("opcode") switch
        {
            "-" => -operand,
            "+" => operand,
            "~" => ~operand,
            "!" => operand == 0 ? 1 : 0,
            _ => null,
        };
    }

    private Int128? EvaluateBinary(AstNode expression)
    {
        if (expression.Children.Count != 2 ||
            Evaluate(expression.Children[0]) is not { } left ||
            Evaluate(expression.Children[1]) is not { } right)
        {
            return null;
        }
        return expression.GetString("opcode") switch
        {
            "+" => left + right,
            "-" => left - right,
            "*" => left * right,
            "/" => right == 0 ? null : left / right,
            "%" => right == 0 ? null : left % right,
            "<<" => right < 0 || right > 127 ? null : left << (int)right,
            ">>" => right < 0 || right > 127 ? null : left >> (int)right,
            "&" => left & right,
            "|" => left | right,
            "^" => left ^ right,
            "==" => left == right ? 1 : 0,
            "!=" => left != right ? 1 : 0,
            "<" => left < right ? 1 : 0,
            "<=" => left <= right ? 1 : 0,
            ">" => left > right ? 1 : 0,
            ">=" => left >= right ? 1 : 0,
            "&&" => left != 0 && right != 0 ? 1 : 0,
            "||" => left != 0 || right != 0 ? 1 : 0,
            _ => null,
        };
    }
}
