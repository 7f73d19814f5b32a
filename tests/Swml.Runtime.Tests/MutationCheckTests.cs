using Swml.Runtime.Expressions;

namespace Swml.Runtime.Tests;

/// <summary>
/// Which expressions count as possibly changing their values (and so cost a fresh engine after
/// them). Missing one lets a change leak; flagging a plain read only costs time.
/// </summary>
public sealed class MutationCheckTests
{
    [Theory]
    [InlineData("x = 1")]
    [InlineData("x += 1")]
    [InlineData("[a] = [1]")]
    [InlineData("x++")]
    [InlineData("--x")]
    [InlineData("delete vars.x")]
    [InlineData("list.push(4)")]
    [InlineData("list?.pop()")]
    [InlineData("list.sort((a, b) => a - b)")]
    [InlineData("list.splice(0, 1)")]
    [InlineData("list.shift() + list.unshift(0)")]
    [InlineData("list.fill(0).reverse().copyWithin(0, 1)")]
    [InlineData("new Map().set('a', 1)")]
    [InlineData("Object.assign({}, vars)")]
    [InlineData("Object.defineProperty(vars, 'a', {value: 1})")]
    [InlineData("Object.setPrototypeOf(vars, null)")]
    [InlineData("Object.freeze(list)")]
    [InlineData("Reflect.deleteProperty(vars, 'x')")]
    [InlineData("list['push'](4)")]
    [InlineData("list[name](4)")]
    [InlineData("list[`push`](4)")]
    [InlineData("(({[k]: f}) => f)(list)")]
    [InlineData("Array.prototype.push.call(list, 4)")]
    [InlineData("[4].forEach(Object.getOwnPropertyDescriptor(Array.prototype, k).value, list)")]
    [InlineData("[].constructor.constructor('return 1')()")]
    [InlineData("eval('1')")]
    [InlineData("new Function('return 1')")]
    [InlineData("var y = 1")]
    [InlineData("function f() {}")]
    [InlineData("with (list) length")]
    [InlineData("({}).__proto__")]
    [InlineData("list.map(n => { let m = n; return m; })")]
    [InlineData("(() => { for (vars.a in {b: 1}); return false })()")]
    [InlineData("(() => { for (x of list); return x })()")]
    [InlineData("(() => { for (list[0] of [9]); })()")]
    public void CodeThatMayChangeItsValuesIsFlagged(string code)
    {
        Assert.True(PreparedExpression.Get(code).MayMutate, code);
    }

    [Theory]
    [InlineData("count + 1")]
    [InlineData("call.from.substring(0, 3) == '+15'")]
    [InlineData("vars.list[0] + list[1]")]
    [InlineData("list.map(n => n * 2).filter(n => n > 2).join(',')")]
    [InlineData("JSON.stringify(vars) + JSON.parse('{}')")]
    [InlineData("a == b ? 'yes' : 'no'")]
    [InlineData("typeof x === 'undefined' || x.toUpperCase().includes('A')")]
    [InlineData("[...list].length + Object.keys(vars).length")]
    [InlineData("`round ${count} of ${call.from}`")]
    public void PlainReadsAreNotFlagged(string code)
    {
        Assert.False(PreparedExpression.Get(code).MayMutate, code);
    }
}
